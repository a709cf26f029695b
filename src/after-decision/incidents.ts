/**
 * The watcher's records read as what happened to each service after the decision. Pure.
 *
 * A container that dies is `died` (or `oom-killed` after an `oom` event), unless someone asked it
 * to end first (a `kill` event: `docker stop`, `docker kill`, `compose down` or `restart` in a
 * later step), then it is `stopped`; a start after that is `restarted`; health turning `unhealthy`, and
 * back, are said too; `destroy` is `removed`.
 */
import type { Incident, IncidentKind, WatchRecord } from './types.js';

/** How long a `kill` explains a death that follows it. */
const ASKED_WITHIN_MS = 60_000;

interface Seen {
  askedAt?: number;
  oom?: boolean;
  died?: boolean;
  unhealthy?: boolean;
}

/** The incident one record is, given what came before for its container; undefined for what says nothing. */
function incidentOf(r: WatchRecord, seen: Seen): IncidentKind | undefined {
  switch (r.action) {
    // `docker stop`, `compose down` and `restart` send a kill first; their `stop` event comes after the death.
    case 'kill':
      seen.askedAt = r.at;
      return undefined;
    case 'oom':
      seen.oom = true;
      return undefined;
    case 'die': {
      seen.died = true;
      const asked = seen.askedAt !== undefined && r.at - seen.askedAt <= ASKED_WITHIN_MS;
      const kind = seen.oom ? 'oom-killed' : asked ? 'stopped' : 'died';
      seen.oom = false;
      seen.askedAt = undefined;
      return kind;
    }
    case 'start':
    case 'restart':
      if (!seen.died) return undefined;
      seen.died = false;
      return 'restarted';
    case 'health_status: unhealthy':
      if (seen.unhealthy) return undefined;
      seen.unhealthy = true;
      return 'unhealthy';
    case 'health_status: healthy':
      if (!seen.unhealthy) return undefined;
      seen.unhealthy = false;
      return 'healthy-again';
    case 'destroy':
      return 'removed';
    default:
      return undefined;
  }
}

/** What happened after `readyAt`, in time order; records before it (the replay's edge) are left out. */
export function incidentsOf(records: WatchRecord[], readyAt: number): Incident[] {
  const seen = new Map<string, Seen>();
  const out: Incident[] = [];
  const ordered = records.map((r, i) => ({ r, i })).sort((a, b) => a.r.at - b.r.at || a.i - b.i);
  for (const { r } of ordered) {
    if (r.at < readyAt) continue;
    const s = seen.get(r.id) ?? {};
    seen.set(r.id, s);
    const kind = incidentOf(r, s);
    if (!kind) continue;
    const withCode = kind === 'died' || kind === 'oom-killed' || kind === 'stopped';
    out.push({
      service: r.service,
      kind,
      at: r.at,
      sinceReadyMs: r.at - readyAt,
      ...(withCode && r.exitCode !== undefined ? { exitCode: r.exitCode } : {}),
    });
  }
  return out;
}
