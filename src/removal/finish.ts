/**
 * The post step's side of a removal the main step left to a background process: wait for it
 * (bounded), confirm by the project's label that nothing of it is left, and remove what is
 * (the teardown every post step does: `down`, then by label).
 */
import * as fs from 'node:fs';
import * as runner from '../runner.js';
import { nothingLeft, projectLeftovers } from '../stack/by-label.js';
import type { ProjectLeftovers } from '../stack/types.js';
import { removeStack } from '../stack/lifecycle.js';
import { awaitRemoval } from './await.js';
import type { DetachedRemoval, RemovalOutcome, Waited } from './types.js';
import * as log from '../log.js';

/** How long the post step waits for the background removal: far past what removing a test stack takes (about a second). */
export const REMOVAL_WAIT_MS = 120_000;

const at = (ms: number): string => new Date(ms).toISOString();

/** One line on how the wait ended. */
export function describeWait(d: Pick<DetachedRemoval, 'pid' | 'startedAt'>, w: Waited): string {
  switch (w.outcome) {
    case 'finished':
      return `The removal the main step started at ${at(d.startedAt)} (pid ${d.pid}) finished at ${at(w.result.finishedAt)}, ${w.result.finishedAt - d.startedAt} ms after it started (the post step waited ${Math.round(w.waitedMs)} ms): ${w.result.detail}`;
    case 'died':
      return `The removal the main step started at ${at(d.startedAt)} (pid ${d.pid}) ended without finishing (its process is gone: killed?); what is left is removed now.`;
    case 'timed-out':
      return `The removal the main step started at ${at(d.startedAt)} (pid ${d.pid}) was still running after the post step waited ${Math.round(w.limitMs / 1000)} s for it: stopped; what is left is removed now.`;
  }
}

/** "2 container(s), 1 network(s)", or "nothing". */
export function describeLeft(left: ProjectLeftovers): string {
  const parts = [
    [left.containers.length, 'container(s)'],
    [left.networks.length, 'network(s)'],
    [left.volumes.length, 'volume(s)'],
  ].filter(([n]) => n !== 0);
  return parts.length ? parts.map(([n, what]) => `${n} ${what}`).join(', ') : 'nothing';
}

/** The background process's own log, when it did not finish well: what it got to. */
function showItsLog(d: DetachedRemoval): void {
  let text = '';
  try {
    text = fs.readFileSync(d.logFile, 'utf8').split('\n').slice(-20).join('\n').trim();
  } catch {
    return;
  }
  if (text) log.info(`Its log (${d.logFile}), last lines:\n${text}`);
}

export async function finishDetachedRemoval(
  d: DetachedRemoval,
  o: { limitMs?: number; afterStoppedUp: boolean; env?: NodeJS.ProcessEnv },
): Promise<RemovalOutcome> {
  const { stack } = d;
  const project = stack.projectName;
  const env = { ...(o.env ?? process.env), ...stack.engineEnv };
  const waited = await awaitRemoval(d, o.limitMs ?? REMOVAL_WAIT_MS);
  const line = describeWait(d, waited);
  if (waited.outcome === 'finished' && waited.result.ok) log.info(line);
  else {
    log.warning(line, { title: 'Removal of the failed stack' });
    showItsLog(d);
  }
  const left = await projectLeftovers(project, env);
  const outcome: RemovalOutcome = { project, pid: d.pid, startedAt: d.startedAt, waited, left };
  if ('containers' in left && nothingLeft(left)) {
    log.info(`Nothing of project ${project} is left (containers, networks, volumes with its label com.docker.compose.project).`);
    return outcome;
  }
  log.info(
    'unknown' in left
      ? `Whether anything of project ${project} is left could not be asked (${left.unknown}): tearing down.`
      : `Left of project ${project}: ${describeLeft(left)}: removed now.`,
  );
  outcome.teardown = await runner.group(`Teardown: project ${project}`, () =>
    removeStack(
      {
        compose: { argv: stack.compose, version: undefined },
        projectName: project,
        projectDirectory: stack.projectDirectory,
        files: stack.files,
        overrides: stack.overrides?.filter((f) => fs.existsSync(f)),
      },
      env,
      { afterStoppedUp: o.afterStoppedUp || d.upStopped },
    ),
  );
  const t = outcome.teardown;
  if (t.ok) log.info(`Teardown: ${t.detail} in ${Math.round(t.durationMs)} ms.`);
  else log.warning(`Teardown of project ${project} was incomplete: ${t.detail}`);
  return outcome;
}
