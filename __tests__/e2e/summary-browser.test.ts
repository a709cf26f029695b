/**
 * The job summary looked at as GitHub shows it: the bundled action's own summaries (main and post
 * step) of a healthy stack, of the seeds' 8 services with a backend that crashes 3 s in, and of a
 * staging fallback with no Docker, rendered by a GFM renderer and Mermaid in Debian's Chromium
 * (support/gfm-page.ts). Each page must have no Markdown left as text, nothing GitHub's sanitiser
 * would strip, a gantt drawn as an SVG with one bar per service (the crashed one critical, labels
 * apart), and nothing wider than the column, with every `<details>` closed and open.
 *
 * The screenshots (details open), the Markdown and the rendered page stay in `test-artifacts/`
 * (TEST_ARTIFACTS names another folder), for a person to look at.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test, type TestContext } from 'node:test';
import { REPO_ROOT, runAction, type ActionRun } from '../harness/runner.js';
import { openBrowser, requireChromium, type Browser } from '../support/browser.js';
import { describeEachCompose } from '../support/compose.js';
import { readReport, useDockerRepos } from '../support/e2e.js';
import { freePort } from '../support/free-port.js';
import { showSummaries } from '../support/gfm-page.js';
import {
  diagrams,
  foreignMarkup,
  openAllDetails,
  overflows,
  unrenderedMarkdown,
  type Diagrams,
  type Overflow,
} from '../support/page-checks.js';
import { startStagingServer } from '../support/staging.js';
import { tempDir } from '../support/temp.js';

const ARTIFACTS = process.env.TEST_ARTIFACTS || path.join(REPO_ROOT, 'test-artifacts');

let browser: Browser | undefined;
after(() => browser?.close());

/** What the page showed, with every `<details>` closed (as it opens) and then open. */
interface Seen {
  foreign: string[];
  unrendered: { closed: string[]; open: string[] };
  overflow: { closed: Overflow; open: Overflow };
  diagramErrors: string[];
  diagrams: Diagrams;
  screenshot: string;
}

/** Show the run's summaries (main, then post) in Chromium, look at them, and keep what was seen. */
async function look(name: string, run: ActionRun): Promise<Seen> {
  const summaries = [run.main.summary, run.post?.summary ?? ''].filter((s) => s.trim() !== '');
  browser ??= await openBrowser();
  const page = await browser.page(1280, 900);
  try {
    let foreign: string[] = [];
    const shown = await showSummaries(page, summaries, async () => {
      foreign = await foreignMarkup(page);
    });
    const closed = { text: await unrenderedMarkdown(page), overflow: await overflows(page) };
    await openAllDetails(page);
    const open = { text: await unrenderedMarkdown(page), overflow: await overflows(page) };
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const screenshot = path.join(ARTIFACTS, `summary-${name}.png`);
    await page.screenshot({ path: screenshot, fullPage: true });
    fs.writeFileSync(path.join(ARTIFACTS, `summary-${name}.md`), summaries.join('\n\n<!-- the post step -->\n\n'));
    fs.writeFileSync(path.join(ARTIFACTS, `summary-${name}.html`), await page.content());
    return {
      foreign,
      unrendered: { closed: closed.text, open: open.text },
      overflow: { closed: closed.overflow, open: open.overflow },
      diagramErrors: shown.diagramErrors,
      diagrams: await diagrams(page),
      screenshot,
    };
  } finally {
    await page.close();
  }
}

/** The service a gantt bar belongs to (its label is `<service> - <outcome>`). */
const serviceOf = (label: string): string => label.split(' - ')[0]!;

/**
 * The page shows everything rendered and within the column; its gantt has a bar for each of
 * `services` (none: no gantt), those of `crashed` marked critical.
 */
function assertLooksRight(t: TestContext, seen: Seen, services: string[], crashed: string[]): void {
  t.diagnostic(`screenshot: ${seen.screenshot}`);
  assert.deepEqual(seen.foreign, [], 'nothing GitHub would strip');
  assert.deepEqual(seen.unrendered.closed, [], 'no Markdown left as text');
  assert.deepEqual(seen.unrendered.open, [], 'no Markdown left as text in the details');
  assert.deepEqual([...seen.diagramErrors, ...seen.diagrams.errors], [], 'Mermaid drew every diagram');
  const d = seen.diagrams;
  assert.equal(d.gantts, services.length ? 1 : 0, 'one gantt when there are services');
  assert.deepEqual(d.bars.map((b) => serviceOf(b.label)).sort(), [...services].sort(), JSON.stringify(d.bars));
  const critical = d.bars.filter((b) => /\bcrit\d/.test(b.classes)).map((b) => serviceOf(b.label));
  assert.deepEqual(critical.sort(), [...crashed].sort(), 'the crashed services, and only those, are critical');
  assert.deepEqual(d.clashes, [], 'every label of the gantt readable');
  for (const [when, o] of Object.entries(seen.overflow)) {
    assert.ok(o.page.scrollWidth <= o.page.clientWidth, `${when}: the page scrolls sideways: ${JSON.stringify(o.page)}`);
    assert.deepEqual(o.wider, [], `${when}: nothing wider than the column`);
    if (o.scrolling.length) t.diagnostic(`${when}, scrolling inside themselves: ${o.scrolling.join('; ')}`);
  }
}

/** The services that have a container (a bar each). */
const withContainers = (run: ActionRun): string[] =>
  readReport(run.main)
    .services.filter((s) => s.createdAt ?? s.startedAt)
    .map((s) => s.name);

describeEachCompose(
  'the job summary in a browser',
  (compose) => {
    const { repo, seedsRepo, track, env, ready } = useDockerRepos(compose);

    test('a healthy stack: backend and auth ready, every part rendered, a bar each', async (t) => {
      if (!requireChromium(t) || !(await ready(t))) return;
      const run = await runAction({ workspace: repo({ backendPorts: ['8000'] }), env });
      track(run.main.outputs['project-name']);
      t.after(run.cleanup);
      assert.equal(run.main.outputs.mode, 'docker', run.main.stdout);
      const services = withContainers(run);
      assert.deepEqual([...services].sort(), ['alpine-test-auth', 'alpine-test-backend']);
      assertLooksRight(t, await look('healthy', run), services, []);
    });

    test('the seeds 8 services, the backend crashing 3 s in: the crash critical among 8 bars, its log in the page', async (t) => {
      if (!requireChromium(t) || !(await ready(t))) return;
      const ws = seedsRepo({
        backendPort: await freePort(),
        interval: '1s',
        backendEnv: { READY_AFTER_MS: '600000', EXIT_AFTER_MS: '3000', EXIT_CODE: '1' },
      });
      const run = await runAction({ workspace: ws, env });
      track(run.main.outputs['project-name']);
      t.after(run.cleanup);
      assert.equal(run.main.outputs.mode, 'none', run.main.stdout);
      assert.equal(run.main.exitCode, 1, 'no staging to fall back to: the step fails');
      const services = withContainers(run);
      assert.equal(services.length, 8, JSON.stringify(services));
      const seen = await look('crashed', run);
      assertLooksRight(t, seen, services, ['alpine-test-backend']);
      const html = fs.readFileSync(seen.screenshot.replace(/\.png$/, '.html'), 'utf8');
      assert.match(html, /alpine-test-backend exiting with code 1 after 3000ms/, 'the crash is told in the log tail');
    });
  },
  ['v2'],
);

describe('the job summary of a staging fallback in a browser', () => {
  test('no Docker, staging healthy: the probes rendered, no gantt', async (t) => {
    if (!requireChromium(t)) return;
    const tmp = tempDir(t, 'cos-summary-browser-');
    const backend = await startStagingServer({ name: 'staging-backend' });
    const auth = await startStagingServer({ name: 'staging-auth' });
    t.after(() => Promise.all([backend.close(), auth.close()]));
    const run = await runAction({
      inputs: { 'staging-backend-url': backend.baseUrl, 'staging-auth-url': auth.baseUrl },
      env: { DOCKER_HOST: `unix://${path.join(tmp, 'dead.sock')}` },
    });
    t.after(run.cleanup);
    assert.equal(run.main.outputs.mode, 'staging', run.main.stdout);
    assert.equal(backend.logs.filter((l) => l.includes('GET /ws -> 101')).length, 1, 'the WebSocket was really opened');
    assertLooksRight(t, await look('staging', run), [], []);
  });
});
