/**
 * The log files uploaded as one workflow artifact with `@actions/artifact` (loaded only when an
 * upload happens: it weighs megabytes), named `compose-logs-<job>-<attempt>`; a second job of the
 * run under that name (a matrix leg) gets a short suffix. Bounded in time: the library retries a
 * failing results service five times, 3 s apart and growing, and cannot be told otherwise; past
 * {@link UPLOAD_MS} the upload is left behind (the entries end without it, as for the cache) and
 * the outcome says why. Never throws: a failed upload is the caller's warning, never a failed step.
 * The library's own output is routed as the cache's is (images/library-output.ts).
 */
import * as path from 'node:path';
import { newCall, problemsOf, routedHere } from '../images/library-output.js';
import { errorMessage } from '../report/model.js';
import { outsideLine } from '../report/outside.js';
import { safeFileName } from './folder.js';
import type { LogFile, UploadOutcome } from './types.js';

/** The whole upload's bound. */
export const UPLOAD_MS = 30_000;

/** `compose-logs-<job>-<attempt>`, and `-<suffix>` when that name is taken. Pure. */
export function artifactName(env: NodeJS.ProcessEnv, suffix?: string): string {
  const base = `compose-logs-${safeFileName(env.GITHUB_JOB || 'job')}-${safeFileName(env.GITHUB_RUN_ATTEMPT || '1')}`;
  return suffix ? `${base}-${suffix}` : base;
}

/** The artifact's page, from the run's coordinates; undefined when they are missing. Pure. */
export function artifactUrl(env: NodeJS.ProcessEnv, id: number): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: run } = env;
  return server && repo && run ? `${server.replace(/\/$/, '')}/${repo}/actions/runs/${run}/artifacts/${id}` : undefined;
}

/** The results service refused the name: an artifact of this run has it already (another matrix leg). */
const nameTaken = (err: unknown): boolean => /\(409\)|already exists/i.test(errorMessage(err));

type Upload = (name: string) => Promise<{ id?: number; size?: number }>;

/** Upload under the plain name, then once under a suffixed one if the plain one is taken. */
async function uploadNamed(env: NodeJS.ProcessEnv, upload: Upload, suffix: string): Promise<{ name: string; id?: number; size?: number }> {
  const plain = artifactName(env);
  try {
    return { name: plain, ...(await upload(plain)) };
  } catch (err) {
    if (!nameTaken(err)) throw err;
    const other = artifactName(env, suffix);
    return { name: other, ...(await upload(other)) };
  }
}

/**
 * Upload `files` (all under `root`) as one artifact, within `ms`. `suffix` tells this job's
 * artifact from another's of the same name (the project's own suffix, say).
 */
export async function uploadLogFiles(
  files: LogFile[],
  root: string,
  env: NodeJS.ProcessEnv,
  suffix: string,
  ms = UPLOAD_MS,
): Promise<UploadOutcome> {
  const name = artifactName(env);
  if (files.length === 0) return { uploaded: false, name, why: 'no log file was written' };
  if (!env.ACTIONS_RUNTIME_TOKEN || !env.ACTIONS_RESULTS_URL)
    return {
      uploaded: false,
      name,
      why: 'this runner gives no artifact service (ACTIONS_RUNTIME_TOKEN or ACTIONS_RESULTS_URL is not set)',
    };
  const call = newCall();
  const upload: Upload = async (n) => {
    const { DefaultArtifactClient } = await import('@actions/artifact');
    return new DefaultArtifactClient().uploadArtifact(
      n,
      files.map((f) => f.file),
      root,
      { compressionLevel: 6 },
    );
  };
  const running = routedHere(call, () => uploadNamed(env, upload, suffix)).then(
    (v) => ({ ok: true as const, v }),
    (err: unknown) => ({ ok: false as const, err }),
  );
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([running, new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), ms)))]);
  clearTimeout(timer);
  const problems = problemsOf(call);
  if (outcome === 'late')
    return { uploaded: false, name, why: `no answer within ${Math.round(ms / 1000)} s${problems ? ` (${problems})` : ''}` };
  if (!outcome.ok) return { uploaded: false, name, why: outsideLine(errorMessage(outcome.err), 300) };
  const { v } = outcome;
  if (v.id === undefined) return { uploaded: false, name: v.name, why: problems || 'the artifact service gave no id' };
  return { uploaded: true, name: v.name, id: v.id, url: artifactUrl(env, v.id), size: v.size ?? 0 };
}

/** The folder the artifact's paths are relative to: the files' common folder. */
export const artifactRoot = (files: LogFile[]): string => (files[0] ? path.dirname(files[0].file) : '.');
