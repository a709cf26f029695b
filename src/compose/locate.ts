/**
 * Where something lives in the compose files, as file and line, for annotations that point at the
 * line to fix. The later file wins, as compose merges them. Best effort: undefined when not found.
 */
import * as fs from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { interpolate, parseShortPort } from './model.js';

export interface Location {
  file: string;
  /** 1-based. */
  line: number;
}

/** The first of `paths` (each a key path such as ['services', 'api', 'build']) found in the files. */
export function locateInCompose(files: string[], paths: Array<Array<string>>): Location | undefined {
  const docs = [...files].reverse().flatMap((file) => {
    try {
      const lineCounter = new LineCounter();
      const doc = parseDocument(fs.readFileSync(file, 'utf8'), { lineCounter, logLevel: 'error' });
      return [{ file, doc, lineCounter }];
    } catch {
      return [];
    }
  });
  for (const keys of paths) {
    for (const { file, doc, lineCounter } of docs) {
      const parent = keys.length > 1 ? doc.getIn(keys.slice(0, -1), true) : doc.contents;
      if (!isMap(parent)) continue;
      // Point at the key (where a person reads the name), not its value.
      const pair = parent.items.find((p) => (p.key as { value?: unknown } | null)?.value === keys[keys.length - 1]);
      const offset = (pair?.key as { range?: [number, number, number] } | null)?.range?.[0];
      if (offset !== undefined) return { file, line: lineCounter.linePos(offset).line };
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
  for (const file of [...files].reverse()) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter, logLevel: 'error' });
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
      const range = (item as { range?: [number, number, number] } | null)?.range;
      if (written !== undefined && range && published.includes(String(hostPort))) {
        return { file, line: lineCounter.linePos(range[0]).line, text: written };
      }
    }
  }
  return undefined;
}
