/**
 * The compose project name: readable and unique per repository, run, attempt and job, plus a short
 * random suffix because matrix legs share a job name. Lower-case and compose-safe. Pure.
 */
const MAX = 60;

function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** E.g. `cos-widgets-8812734-1-tests-k3f9`. `random` supplies the suffix (tests pass a fixed one). */
export function deriveProjectName(env: NodeJS.ProcessEnv, random: () => string): string {
  const repo = slug((env.GITHUB_REPOSITORY ?? '').split('/').pop() ?? '') || 'local';
  const run = slug(env.GITHUB_RUN_ID ?? '') || 'run';
  const attempt = slug(env.GITHUB_RUN_ATTEMPT ?? '') || '1';
  const job = slug(env.GITHUB_JOB ?? '') || 'job';
  const suffix = slug(random()).slice(0, 6) || 'x';
  const fixed = `-${run}-${attempt}-`;
  const room = MAX - 'cos-'.length - fixed.length - suffix.length - 1;
  const repoPart = repo.slice(0, Math.max(4, Math.floor(room / 2))).replace(/-+$/, '');
  const jobPart = job.slice(0, Math.max(4, room - repoPart.length)).replace(/-+$/, '');
  return `cos-${repoPart}${fixed}${jobPart}-${suffix}`;
}

/** Four lower-case letters and digits. */
export function randomSuffix(): string {
  return Math.random().toString(36).slice(2, 6).padEnd(4, '0');
}
