/**
 * Where something lives in the compose files, as file and line, for annotations that point at the
 * line to fix. The later file wins, as compose merges them. Best effort: undefined when not found.
 */
import * as fs from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { interpolate, parseShortPort } from './model.js';

export interface Location {
  file: string;
  /** 1-based. */
  line: number;
}

/** A compose file read as a YAML document, with the line of any of its nodes. */
export interface ComposeDocument {
  file: string;
  doc: Document.Parsed;
  /** 1-based line where `node` starts; undefined for a node with no position. */
  lineOf(node: unknown): number | undefined;
}

/**
 * The files that can be read, as YAML documents with line positions, in the order given. The
 * `!reset` and `!override` tags of override files are not the YAML library's: not warned about.
 */
export function readComposeDocuments(files: string[]): ComposeDocument[] {
  return files.flatMap((file) => {
    try {
      const lineCounter = new LineCounter();
      const doc = parseDocument(fs.readFileSync(file, 'utf8'), { lineCounter, logLevel: 'error' });
      const lineOf = (node: unknown): number | undefined => {
        const offset = (node as { range?: [number, number, number] } | null)?.range?.[0];
        return offset === undefined ? undefined : lineCounter.linePos(offset).line;
      };
      return [{ file, doc, lineOf }];
    } catch {
      return [];
    }
  });
}

/** The first of `paths` (each a key path such as ['services', 'api', 'build']) found in the files. */
export function locateInCompose(files: string[], paths: Array<Array<string>>): Location | undefined {
  const docs = readComposeDocuments([...files].reverse());
  for (const keys of paths) {
    for (const { file, doc, lineOf } of docs) {
      const parent = keys.length > 1 ? doc.getIn(keys.slice(0, -1), true) : doc.contents;
      if (!isMap(parent)) continue;
      // Point at the key (where a person reads the name), not its value.
      const pair = parent.items.find((p) => (p.key as { value?: unknown } | null)?.value === keys[keys.length - 1]);
      const line = lineOf(pair?.key);
      if (line !== undefined) return { file, line };
    }
  }
  return undefined;
}

/** The line of a missing build path: the dockerfile or context key, else the service's build. */
export function locateBuildPath(files: string[], service: string, kind: 'context' | 'dockerfile' | 'env_file'): Location | undefined {
  const svc = ['services', service];
  const paths =
    kind === 'env_file'
      ? [[...svc, 'env_file']]
      : [
          [...svc, 'build', kind],
          [...svc, 'build'],
        ];
  return locateInCompose(files, [...paths, svc]);
}

/**
 * The `ports:` entry of `service` that publishes `hostPort`, as written (`"${PG_PORT:-5435}:5432"`),
 * with its line; interpolated from `env` to compare. The later file wins. Undefined when not found.
 */
export function locatePublishedPort(
  files: string[],
  service: string,
  hostPort: number,
  env: NodeJS.ProcessEnv,
): (Location & { text: string }) | undefined {
  for (const { file, doc, lineOf } of readComposeDocuments([...files].reverse())) {
    const ports = doc.getIn(['services', service, 'ports'], true);
    if (!isSeq(ports)) continue;
    for (const item of ports.items) {
      let written: string | undefined;
      let published: string[] = [];
      if (isScalar(item) && (typeof item.value === 'string' || typeof item.value === 'number')) {
        written = String(item.value);
        published = parseShortPort(interpolate(written, env)).map((p) => p.published ?? '');
      } else if (isMap(item)) {
        const p = item.get('published', true);
        if (isScalar(p)) {
          written = String(p.value);
          published = [interpolate(written, env)];
        }
      }
      const line = lineOf(item);
      if (written !== undefined && line !== undefined && published.includes(String(hostPort))) return { file, line, text: written };
    }
  }
  return undefined;
}

/**
 * The line of the node at `keys` (map keys and list indices, such as a declared check's
 * `['services', 'db', 'x-compose-or-staging', 'ready', 1, 'tcp']`), or of the deepest node along
 * it that exists; the later file wins. Undefined when not even the service is there.
 */
export function locateNode(files: string[], keys: Array<string | number>): Location | undefined {
  const docs = readComposeDocuments([...files].reverse());
  for (let depth = keys.length; depth >= 2; depth--) {
    for (const { file, doc, lineOf } of docs) {
      const line = lineOf(doc.getIn(keys.slice(0, depth), true));
      if (line !== undefined) return { file, line };
    }
  }
  return undefined;
}
