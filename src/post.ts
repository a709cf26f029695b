/**
 * The post step: removes the stack the main step started, from saved state only, then (with
 * cache-images) saves the images the main step pulled, and those `up` built (under their build
 * keys), to the Actions cache. Never fails the job
 * for a cleanup or cache problem (it warns), and is safe to run twice.
 */
import * as runner from './runner.js';
import * as fs from 'node:fs';
import { appendJobSummary } from './report/job-summary.js';
import { errorMessage } from './report/model.js';
import { imagesFolder } from './images/folder.js';
import { saveImages } from './images/save.js';
import { saveBuiltImages } from './images/build-save.js';
import { projectContainerIds } from './stack/by-label.js';
import { removeStack } from './stack/lifecycle.js';
import { rememberJoined } from './stack/reach.js';
import { finishDetachedRemoval } from './removal/finish.js';
import { renderRemovalSummary } from './report/removal-summary.js';
import { readDetachedRemoval, readImageCacheState, readJoinedState, readTeardownState, readWatcher } from './state.js';
import { endWatch } from './after-decision/finish.js';
import { afterDecisionWarnings, incidentLine, renderAfterDecision } from './report/after-decision-summary.js';
import * as log from './log.js';
import { finalLogs } from './logs/final.js';
import { renderLogsSection } from './report/summary.js';

/** The override files the main step wrote: no longer needed once the stack is gone. */
function removeOverrides(files: string[] | undefined): void {
  for (const f of files ?? []) fs.rmSync(f, { force: true });
}

/** The post step's entry (`src/entries/post.ts`, and `local-action run … --post src/post.ts`). */
export async function run(): Promise<void> {
  await runner.loadRunner();
  // Before the teardown, whose own stops are not to be reported.
  await reportAfterDecision();
  await teardown();
  // After the stack is gone: the images stay on the engine, and a slow upload holds up nothing else.
  try {
    const images = readImageCacheState();
    if (images) {
      const env = { ...process.env, ...images.engineEnv };
      await saveImages(images, env);
      await saveBuiltImages(images.built ?? [], env);
    }
  } catch (err) {
    log.warning(`Saving images to the cache failed: ${errorMessage(err)}`, { title: 'Image cache' });
  } finally {
    // What a restore left behind (its process killed mid-way, past its bound or at the main step's end).
    fs.rmSync(imagesFolder(), { recursive: true, force: true });
  }
}

/** What happened to the stack between the decision and now, from the watcher the main step started. */
async function reportAfterDecision(): Promise<void> {
  const watcher = readWatcher();
  if (!watcher) return;
  try {
    const after = await endWatch(watcher);
    appendJobSummary(renderAfterDecision(after));
    const warnings = afterDecisionWarnings(after);
    for (const w of warnings) log.warning(w, { title: 'After the decision' });
    if (after.incidents.length === 0)
      log.info(`After the decision: no service of project ${watcher.project} died, restarted or changed health.`);
    else if (warnings.length === 0) log.info(`After the decision: ${after.incidents.map(incidentLine).join('; ')}.`);
    if (!after.coverage.whole) log.info(`The watch after the decision did not cover the whole time: ${after.coverage.why}.`);
  } catch (err) {
    log.warning(`Could not report what happened after the decision: ${errorMessage(err)}`);
  }
}

async function teardown(): Promise<void> {
  try {
    const { plan, removed, cancelled, upStopped } = readTeardownState();
    // Networks the main step's container joined (a container job): left before `down`.
    const joined = readJoinedState();
    // The main step left the failed stack's removal to a background process: wait for it, then
    // confirm and remove what is left (whatever teardown says: the main step never kept a failed stack).
    const detached = readDetachedRemoval();
    if (detached) {
      if (joined?.project === detached.stack.projectName) rememberJoined(joined.project, joined);
      const outcome = await finishDetachedRemoval(detached, { afterStoppedUp: cancelled });
      appendJobSummary(renderRemovalSummary(outcome));
      removeOverrides(detached.stack.overrides);
      return;
    }
    if (!plan) {
      log.info('Nothing to tear down: no stack was started.');
      return;
    }
    const env = { ...process.env, ...plan.engineEnv };
    // upload-logs: always: the final logs of the stack still up, before it goes.
    const final = removed ? undefined : await finalLogs(plan.projectName, plan.engineEnv);
    if (final) appendJobSummary(renderLogsSection(final.logFiles, final.logsUpload, 'Final logs (post step)'));
    if (joined?.project === plan.projectName) rememberJoined(joined.project, joined);
    // The main step removed it at once; when its `up` was killed mid-way, a create call in flight
    // may have landed after that: one look by label.
    const late = removed && upStopped ? await projectContainerIds(plan.projectName, env) : [];
    if (removed && late.length === 0) {
      log.info(`Nothing to tear down: the main step already removed project ${plan.projectName}.`);
      removeOverrides(plan.overrides);
      return;
    }
    if (late.length)
      log.info(
        `The main step removed project ${plan.projectName}; ${late.length} container(s) the engine created after that are removed now.`,
      );
    const result = await runner.group(`Teardown: project ${plan.projectName}`, () =>
      removeStack(
        {
          compose: { argv: plan.compose, version: undefined },
          projectName: plan.projectName,
          projectDirectory: plan.projectDirectory,
          files: plan.files,
          // A file gone (RUNNER_TEMP cleaned) would fail `down`: the project's labels suffice without it.
          overrides: plan.overrides?.filter((f) => fs.existsSync(f)),
        },
        env,
        // A killed `up` may have had create calls in flight, which the engine completes later.
        { afterStoppedUp: cancelled },
      ),
    );
    if (result.ok) log.info(`Teardown: ${result.detail} in ${Math.round(result.durationMs)} ms.`);
    else log.warning(`Teardown of project ${plan.projectName} was incomplete: ${result.detail}`);
    removeOverrides(plan.overrides);
  } catch (err) {
    log.warning(`Teardown failed: ${errorMessage(err)}`);
  }
}
