/**
 * `isolate: true`: an override file that takes out of the stack everything two jobs on one engine
 * would fight over, written from the model `compose config` resolved:
 *
 * - every `container_name` is reset (`!reset`), so compose names containers after the project;
 *   the old name stays an alias on each of the service's own networks (not on an external one,
 *   where another job's container would answer to it too), so a service that reaches another by
 *   its container name (`postgres://alpine-test-postgres:5432`) still does. A name another service
 *   refers to as `container:NAME` (network_mode, ipc, pid, volumes_from) or in external_links is
 *   kept: compose would not find the container under its new name;
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
import type { ComposeModel, NamedResource } from './model-types.js';
import type { Isolation } from './plan-types.js';

/** A YAML scalar that reads back as exactly `s` (JSON strings are YAML double-quoted scalars). */
const q = (s: string): string => JSON.stringify(s);

/** Fixed names: a resource the file names itself, not the `<project>_<key>` compose would give. */
function fixedNames(resources: Map<string, NamedResource> | undefined, projectName: string): Array<{ key: string; name: string }> {
  return [...(resources ?? [])]
    .filter(([key, r]) => !r.external && r.name !== undefined && r.name !== `${projectName}_${key}`)
    .map(([key, r]) => ({ key, name: r.name as string }));
}

export function isolationOverride(model: ComposeModel, projectName: string): Isolation {
  const out: Isolation = { yaml: '', containerNames: [], keptNames: [], hostPorts: [], networks: [], volumes: [] };
  const services: string[] = [];
  const all = [...model.services.values()];
  for (const s of all) {
    const lines: string[] = [];
    const name = s.containerName;
    const by = name === undefined ? [] : all.filter((o) => o !== s && o.containerRefs.includes(name)).map((o) => o.name);
    if (name !== undefined && by.length > 0) out.keptNames.push({ service: s.name, name, by });
    else if (name !== undefined) {
      const joined = s.networkMode === undefined ? (s.networks.length > 0 ? s.networks : ['default']) : [];
      const external = joined.filter((n) => model.networks?.get(n)?.external === true);
      const networks = joined.filter((n) => !external.includes(n));
      out.containerNames.push({ service: s.name, name, networks, external, ...(s.networkMode ? { networkMode: s.networkMode } : {}) });
      lines.push('    container_name: !reset null');
      if (networks.length > 0) {
        lines.push('    networks:');
        for (const n of networks) lines.push(`      ${q(n)}:`, `        aliases: [${q(name)}]`);
      }
    }
    const fixed = s.ports.filter((p) => p.published !== undefined);
    if (fixed.length > 0) {
      for (const p of fixed)
        out.hostPorts.push({ service: s.name, published: p.published as string, target: p.target, protocol: p.protocol });
      lines.push('    ports: !override');
      // Two host ports for one container port ("8080:80", "8081:80") become one random one.
      const seen = new Set<string>();
      for (const p of s.ports) {
        const key = `${p.hostIp ?? ''}|${p.target}/${p.protocol}`;
        if (seen.has(key)) continue;
        seen.add(key);
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
  const alias = (c: Isolation['containerNames'][number]): string => {
    if (c.networkMode !== undefined) return `no alias: network_mode ${c.networkMode}`;
    const on = c.networks.length > 0 ? 'kept as an alias' : 'no alias';
    return c.external.length > 0 ? `${on}, not on external network ${c.external.join(', ')}` : on;
  };
  if (i.containerNames.length > 0)
    parts.push(`container_name reset for ${i.containerNames.map((c) => `${c.service} (${c.name}, ${alias(c)})`).join(', ')}`);
  if (i.keptNames.length > 0)
    parts.push(
      `container_name kept for ${i.keptNames.map((k) => `${k.service} (${k.name}: ${k.by.join(', ')} refer${k.by.length > 1 ? '' : 's'} to it by that name)`).join(', ')}`,
    );
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
    i.containerNames.length + i.keptNames.length > 0 &&
      `container names ${[...i.containerNames, ...i.keptNames].map((c) => c.name).join(', ')}`,
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
