/**
 * Why a build key is not the previous one: the first thing that differs between what the previous
 * key covered and what this one does, in the order a person would look (the Dockerfile, the
 * build args, the options, the base images, then the context's first changed path). Pure.
 */
import type { BuildManifest } from './build-types.js';

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The first key of `a` or `b` whose value differs, said as `NAME changed|added|removed`. */
function firstDifferent(what: string, a: Record<string, string>, b: Record<string, string>): string | undefined {
  for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(byText)) {
    if (a[k] === b[k]) continue;
    return `${what} ${k} ${a[k] === undefined ? 'added' : b[k] === undefined ? 'removed' : 'changed'}`;
  }
  return undefined;
}

/** The context's first path (in path order) that was added, removed or changed (content, mode or kind). */
export function firstChangedPath(previous: Array<[string, string]>, current: Array<[string, string]>): string | undefined {
  let i = 0;
  let j = 0;
  while (i < previous.length || j < current.length) {
    const p = previous[i];
    const c = current[j];
    if (p && c && p[0] === c[0]) {
      if (p[1] !== c[1]) {
        const [pk, pm] = p[1].split(' ');
        const [ck, cm] = c[1].split(' ');
        const how = pk !== ck ? `now a ${ck}` : pm !== cm ? `mode ${pm} → ${cm}` : 'changed';
        return `${c[0]} (${how})`;
      }
      i++;
      j++;
    } else if (!c || (p && byText(p[0], c[0]) < 0)) return `${p![0]} (removed)`;
    else return `${c[0]} (added)`;
  }
  return undefined;
}

/**
 * What changed from `previous` to `current` (one clause), or undefined when nothing they record
 * differs (the engine's platform, say, which is in the key's prefix).
 */
export function whatChanged(previous: BuildManifest, current: BuildManifest): string | undefined {
  if (previous.dockerfile !== current.dockerfile) return 'the Dockerfile changed';
  if (previous.target !== current.target) return `target changed (${previous.target ?? 'none'} → ${current.target ?? 'none'})`;
  if (previous.platform !== current.platform) return `platform changed (${previous.platform ?? 'none'} → ${current.platform ?? 'none'})`;
  const arg = firstDifferent('build arg', previous.args, current.args);
  if (arg) return arg;
  if (previous.options !== current.options) return 'the build options changed (labels, network, secrets, …)';
  const base = firstDifferent('base image', previous.bases, current.bases);
  if (base) return base.replace(/ changed$/, ' has a new digest');
  const changed = firstChangedPath(previous.entries, current.entries);
  return changed ? `the context changed: first changed file ${changed}` : undefined;
}
