/**
 * `isolate: true`: an override file that takes out of the stack everything two jobs on one engine
 * would fight over, written from the model `compose config` resolved:
 *
 * - every `container_name` is reset (`!reset`), so compose names containers after the project;
 *   the old name stays an alias on each of the service's networks, so a service that reaches
 *   another by its container name (`postgres://alpine-test-postgres:5432`) still does;
 * - every port with a fixed host port is published on a random one (`!override` of the whole
 *   list, host IP and protocol kept); the outputs carry the real ports, read from the engine;
 * - every network and volume with a fixed `name:` gets the project's own (`!reset`), so two
 *   stacks never share a network (their aliases would answer for each other) or a database volume.
 *
 * `!reset` needs compose 2.24.0 and `!override` 2.24.4; an older compose is told about, not given
 * this file. Pure, apart from {@link writeIsolation}.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ComposeModel, NamedResource } from './model.js';

export interface Isolation {
  /** The override file's text; '' when the stack has nothing fixed. */
  yaml: string;
  containerNames: Array<{ service: string; name: string; networks: string[] }>;
  hostPorts: Array<{ service: string; published: string; target: number; protocol: string }>;
  networks: Array<{ key: string; name: string }>;
  volumes: Array<{ key: string; name: string }>;
}

/** A YAML scalar that reads back as exactly `s` (JSON strings are YAML double-quoted scalars). */
const q = (s: string): string => JSON.stringify(s);

/** Fixed names: a resource the file names itself, not the `<project>_<key>` compose would give. */
function fixedNames(resources: Map<string, NamedResource> | undefined, projectName: string): Array<{ key: string; name: string }> {
  return [...(resources ?? [])]
    .filter(([key, r]) => !r.external && r.name !== undefined && r.name !== `${projectName}_${key}`)
    .map(([key, r]) => ({ key, name: r.name as string }));
}

export function isolationOverride(model: ComposeModel, projectName: string): Isolation {
  const out: Isolation = { yaml: '', containerNames: [], hostPorts: [], networks: [], volumes: [] };
  const services: string[] = [];
  for (const s of model.services.values()) {
    const lines: string[] = [];
    if (s.containerName !== undefined) {
      const networks = s.networkMode === undefined ? (s.networks.length > 0 ? s.networks : ['default']) : [];
      out.containerNames.push({ service: s.name, name: s.containerName, networks });
      lines.push('    container_name: !reset null');
      if (networks.length > 0) {
        lines.push('    networks:');
        for (const n of networks) lines.push(`      ${q(n)}:`, `        aliases: [${q(s.containerName)}]`);
      }
    }
    const fixed = s.ports.filter((p) => p.published !== undefined);
    if (fixed.length > 0) {
      for (const p of fixed)
        out.hostPorts.push({ service: s.name, published: p.published as string, target: p.target, protocol: p.protocol });
      lines.push('    ports: !override');
      for (const p of s.ports) {
        lines.push(`      - target: ${p.target}`);
        if (p.hostIp !== undefined) lines.push(`        host_ip: ${q(p.hostIp)}`);
        lines.push(`        protocol: ${q(p.protocol)}`);
      }
    }
    if (lines.length > 0) services.push(`  ${q(s.name)}:`, ...lines);
  }
  out.networks = fixedNames(model.networks, projectName);
  out.volumes = fixedNames(model.volumes, projectName);
  const resets = (section: string, list: Array<{ key: string }>): string[] =>
    list.length === 0 ? [] : [`${section}:`, ...list.flatMap((r) => [`  ${q(r.key)}:`, '    name: !reset null'])];
  const body = [
    ...(services.length > 0 ? ['services:', ...services] : []),
    ...resets('networks', out.networks),
    ...resets('volumes', out.volumes),
  ];
  if (body.length > 0) {
    out.yaml = [`# Written by compose-or-staging (isolate: true) for project ${projectName}; removed by its post step.`, ...body, ''].join(
      '\n',
    );
  }
  return out;
}

/** One line per kind of change, for the log and the summary. */
export function describeIsolation(i: Isolation): string {
  const parts: string[] = [];
  if (i.containerNames.length > 0)
    parts.push(`container_name reset for ${i.containerNames.map((c) => `${c.service} (${c.name}, kept as an alias)`).join(', ')}`);
  if (i.hostPorts.length > 0)
    parts.push(
      `fixed host ports moved to random ones: ${i.hostPorts.map((p) => `${p.service} ${p.published}→${p.target}/${p.protocol}`).join(', ')}`,
    );
  if (i.networks.length > 0) parts.push(`fixed network names reset: ${i.networks.map((n) => `${n.key} (${n.name})`).join(', ')}`);
  if (i.volumes.length > 0) parts.push(`fixed volume names reset: ${i.volumes.map((v) => `${v.key} (${v.name})`).join(', ')}`);
  return parts.join('; ');
}

/** What the stack fixes, e.g. "container names alpine-test-postgres; host ports 5435, 8002". */
export function listFixed(i: Isolation): string {
  return [
    i.containerNames.length > 0 && `container names ${i.containerNames.map((c) => c.name).join(', ')}`,
    i.hostPorts.length > 0 && `host ports ${i.hostPorts.map((p) => p.published).join(', ')}`,
    i.networks.length > 0 && `network names ${i.networks.map((n) => n.name).join(', ')}`,
    i.volumes.length > 0 && `volume names ${i.volumes.map((v) => v.name).join(', ')}`,
  ]
    .filter(Boolean)
    .join('; ');
}

/** Write the override file where the post step finds it again; its path. */
export function writeIsolation(i: Isolation, projectName: string, dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `compose-or-staging-${projectName}.isolate.yml`);
  fs.writeFileSync(file, i.yaml, { mode: 0o600 });
  return file;
}
