/**
 * `npm run demo`: the bundled action (dist/main, then dist/post) run the way the Actions runner runs
 * it (__tests__/harness/runner.ts), on the example stack in examples/ (a backend with /health and a
 * WebSocket endpoint, and an auth service), with a local loopback "staging deployment" next to it.
 *
 * - A Docker engine answers: the docker path (mode auto; staging is given but not needed).
 * - No engine, or `--staging`: the fallback. The action itself finds Docker unusable and probes
 *   the staging server (`--staging` points DOCKER_HOST at a socket nobody listens on).
 *
 * Prints the job summary as terminal text, the step outputs and exported environment, where the
 * JSON report is, and the post step's teardown. Leaves nothing running, on Ctrl-C too.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT, startAction, type StepResult } from '../__tests__/harness/runner.js';
import { docker, dockerEngine, projectResources, removeProject } from '../__tests__/support/docker.js';
import { ensureNodeImageAs } from '../__tests__/support/images.js';
import { startStagingServer } from '../__tests__/support/staging.js';

const EXAMPLE_DIR = 'examples';
const DEFAULT_IMAGE = 'node:20-alpine';
/** Demo only: the staging servers require it, and the action must mask it everywhere. */
const STAGING_TOKEN = 'demo-staging-token';
/** Where the demo builds its node image when node:20-alpine is not there (never the test suites' tag). */
const DEMO_IMAGE_REPO = 'compose-or-staging-demo/node';

const USAGE = `usage: npm run demo [-- --staging] [-- --verbose] [-- --keep-images]

  (no flag)      Docker path when a Docker engine answers, else the staging fallback
  --staging      force the staging fallback (DOCKER_HOST pointed at a dead socket)
  --verbose      also print the main and post steps' logs
  --keep-images  keep the image the demo built (when node:20-alpine is not there) for the next run`;

// --- terminal styling ------------------------------------------------------------------------------

const colour = process.stdout.isTTY === true && !process.env.NO_COLOR;
const sgr = (open: number, close: number) => (s: string) => (colour ? `\x1b[${open}m${s}\x1b[${close}m` : s);
const bold = sgr(1, 22);
const dim = sgr(2, 22);
const red = sgr(31, 39);
const green = sgr(32, 39);
const cyan = sgr(36, 39);
const ANSI = /\x1b\[[0-9;]*m/g;

/** Columns a string takes in a terminal: ANSI codes and combining marks take none, emoji two. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s.replace(ANSI, '')) {
    const cp = ch.codePointAt(0) as number;
    if (cp === 0xfe0f || cp === 0x200d || (cp >= 0x300 && cp < 0x370)) continue;
    w += (cp >= 0x1f300 && cp <= 0x1faff) || (cp >= 0x2600 && cp <= 0x27bf && cp !== 0x2714 && cp !== 0x2718) ? 2 : 1;
  }
  return w;
}
const pad = (s: string, width: number): string => s + ' '.repeat(Math.max(0, width - displayWidth(s)));

/** Word-wrap to `width` columns; a longer word (a path, a URL) keeps its own line, whole. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(' ')) {
      if (line && displayWidth(line) + 1 + displayWidth(word) > width) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
  }
  return lines;
}

// --- job summary (Markdown + HTML) as terminal text ------------------------------------------------

/** Status icons as narrow symbols, so table columns line up in any terminal. */
const ICONS: Array<[RegExp, string]> = [
  [/✅/g, green('✔')],
  [/❌/g, red('✘')],
  [/⏭️?/g, dim('-')],
  [/ℹ️?/g, cyan('i')],
  [/💡 ?/g, '→ '],
];

function decodeEntities(s: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return named[e.toLowerCase()] ?? m;
  });
}

/** One line (or table cell) of Markdown + HTML as text; `<br>` becomes a line break. */
function inline(s: string): string {
  const text = (t: string) => decodeEntities(t.replace(/<[^>]*>/g, ''));
  return s
    .replace(/<br\s*\/?>/gi, '\n')
    .split(/(<code>.*?<\/code>|`[^`]*`|\*\*[^*]+\*\*|(?<!\w)_[^_]+_(?!\w))/)
    .map((part) => {
      if (/^_.+_$/.test(part)) return dim(text(part.slice(1, -1)));
      if (part.startsWith('<code>')) return cyan(text(part.slice(6, -7)));
      if (part.startsWith('`') && part.length > 1) return cyan(part.slice(1, -1));
      if (part.startsWith('**') && part.length > 3) return bold(text(part.slice(2, -2)));
      return text(part);
    })
    .join('');
}

/** A Markdown table as aligned columns; when too wide for the terminal, its widest column wraps. */
function renderTable(rows: string[][], width: number): string[] {
  const [header, ...body] = rows.map((r) => r.map((c) => ICONS.reduce((t, [re, to]) => t.replace(re, to), inline(c))));
  if (!header) return [];
  const widths = header.map((_, i) => Math.max(...[header, ...body].map((r) => Math.max(...(r[i] ?? '').split('\n').map(displayWidth)))));
  const total = widths.reduce((a, b) => a + b + 2, 0);
  const flex = widths.indexOf(Math.max(...widths));
  if (total > width) widths[flex] = Math.max(24, (widths[flex] as number) - (total - width));
  const line = (cells: string[], style: (s: string) => string = (s) => s): string[] => {
    const columns = cells.map((c, i) => (i === flex ? wrap(c, widths[i] as number) : c.split('\n')));
    const height = Math.max(...columns.map((c) => c.length));
    return Array.from({ length: height }, (_, row) =>
      style(`  ${columns.map((c, i) => pad(c[row] ?? '', widths[i] as number)).join('  ')}`.trimEnd()),
    );
  };
  const out = header.some((c) => c.trim()) ? [...line(header, bold), dim(`  ${widths.map((w) => '─'.repeat(w)).join('  ')}`)] : [];
  for (const r of body) out.push(...line(r));
  return out;
}

/**
 * The job summary as terminal text: headings, paragraphs, tables, `<details>` and `<pre>` blocks.
 * A section whose heading matches `skip` is left out (up to the next heading of its level or higher).
 */
function summaryToText(markdown: string, width: number, skip?: RegExp): string {
  const out: string[] = [];
  const lines = markdown.split(/\r?\n/);
  let skipping = 0; // the level of the heading being skipped, 0 when not skipping
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const level = /^(#{1,6}) /.exec(line)?.[1]?.length ?? 0;
    if (skipping && (level === 0 || level > skipping)) continue;
    skipping = level && skip?.test(line) ? level : 0;
    if (skipping) continue;
    if (line.startsWith('|')) {
      const rows: string[][] = [];
      for (; i < lines.length && (lines[i] as string).startsWith('|'); i++) {
        const row = lines[i] as string;
        if (/^\|[\s:|-]+\|$/.test(row)) continue; // the header separator
        rows.push(
          row
            .replace(/^\||\|$/g, '')
            .split('|')
            .map((c) => c.trim()),
        );
      }
      i--;
      out.push(...renderTable(rows, width));
    } else if (level) {
      out.push(bold(inline(line.replace(/^#+ /, ''))));
    } else if (/^<pre>$/i.test(line.trim())) {
      for (i++; i < lines.length && !/^<\/pre>$/i.test((lines[i] as string).trim()); i++)
        out.push(dim(`    ${decodeEntities(lines[i] as string)}`));
    } else if (/<summary>/i.test(line)) {
      out.push(`${inline(line.replace(/<\/summary>.*$/i, ''))}:`);
    } else {
      out.push(...wrap(inline(line), width));
    }
  }
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

// --- the demo ---------------------------------------------------------------------------------------

interface Options {
  forceStaging: boolean;
  verbose: boolean;
  keepImages: boolean;
}

function parseArgs(argv: string[]): Options | number {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const unknown = argv.filter((a) => !['--staging', '--verbose', '-v', '--keep-images'].includes(a));
  if (unknown.length) {
    console.error(`unknown argument(s): ${unknown.join(' ')}\n${USAGE}`);
    return 2;
  }
  return {
    forceStaging: argv.includes('--staging'),
    verbose: argv.includes('--verbose') || argv.includes('-v'),
    keepImages: argv.includes('--keep-images'),
  };
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const heading = (s: string): void => console.log(`\n${bold(cyan(`▶ ${s}`))}`);

/**
 * Aligned `name  value  source` lines: the values as the runner recorded them, the source (input,
 * derived, detected from Docker, …) from the JSON report. A long or multi-line value goes on the
 * lines below its name, whole.
 */
function printValues(values: Record<string, string>, sources: Record<string, { source?: string }>, width: number): void {
  const names = Object.keys(values); // in the order the step wrote them
  const nameWidth = Math.max(0, ...names.map((n) => n.length));
  const short = (v: string) => !v.includes('\n') && v.length <= 48;
  const valueWidth = Math.max(
    7,
    ...names
      .map((n) => values[n] as string)
      .filter(short)
      .map((v) => v.length),
  );
  for (const n of names) {
    const value = values[n] as string;
    const source = dim(sources[n]?.source ?? '');
    console.log(
      `  ${pad(n, nameWidth)}  ${pad(value === '' ? dim('(empty)') : short(value) ? value : '', valueWidth)}  ${source}`.trimEnd(),
    );
    if (!short(value)) for (const line of value.split('\n').flatMap((l) => wrap(l, width - 6))) console.log(`      ${line}`);
  }
}

/** A step's log as a person reads it in the Actions UI: groups as headings, debug lines only when asked. */
function printLog(step: StepResult, verbose: boolean): void {
  for (const line of step.log.split('\n')) {
    const command = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(line);
    const [, name, text = ''] = command ?? [];
    if (!command) {
      if (line.trim()) console.log(dim(`    ${line}`));
    } else if (name === 'group') console.log(dim(`  ▸ ${text}`));
    else if (name === 'error' || name === 'warning')
      console.log(`    ${(name === 'error' ? red : bold)(`${name}: ${text.replace(/%0A/gi, ' ')}`)}`);
    else if (name === 'notice' || (name === 'debug' && verbose)) console.log(dim(`    ${name}: ${text}`));
  }
}

interface ReportSources {
  outputs: Record<string, { source?: string }>;
  env: Record<string, { source?: string }>;
}

/** Where each output and variable came from, from the JSON report (empty when there is none). */
function readReport(file: string | undefined): ReportSources {
  try {
    const json = JSON.parse(fs.readFileSync(file as string, 'utf8')) as Partial<ReportSources>;
    return { outputs: json.outputs ?? {}, env: json.env ?? {} };
  } catch {
    return { outputs: {}, env: {} };
  }
}

/**
 * The image the example's services run: node:20-alpine when present, else one built locally (no
 * registry) under the demo's own repository, and tagged for this run alone (`built`: the tags to
 * remove at the end). Two demos at once share the build; each removes its own tag, and the shared
 * one goes with the last (an image other tags still name is only untagged).
 */
async function chooseImage(run: string): Promise<{ image: string; note: string; built: string[] }> {
  const given = process.env.DEMO_NODE_IMAGE;
  if (given) return { image: given, note: 'from DEMO_NODE_IMAGE', built: [] };
  if ((await docker(['image', 'inspect', '--format', '{{.Id}}', DEFAULT_IMAGE], { timeoutMs: 15_000 })).code === 0)
    return { image: DEFAULT_IMAGE, note: 'found on this machine', built: [] };
  const own = `${DEMO_IMAGE_REPO}:${run}`;
  let lastError = '';
  // Another demo may remove the shared tag between our build and our tag: build again, then.
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const shared = await ensureNodeImageAs(DEMO_IMAGE_REPO);
      if ((await docker(['tag', shared, own], { timeoutMs: 30_000 })).code !== 0) continue;
      return {
        image: own,
        note: `${DEFAULT_IMAGE} is not on this machine: built from the local node binary with docker import, no registry`,
        built: [own, shared],
      };
    } catch (err) {
      lastError = (err as Error).message;
    }
  }
  return {
    image: DEFAULT_IMAGE,
    note: `compose will pull it (no local image could be built: ${lastError || 'docker tag failed'})`,
    built: [],
  };
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  if (typeof options === 'number') return options;
  // The reader went away (`| head`): keep going quietly, so the stack is still removed.
  process.stdout.on('error', () => undefined);
  const started = performance.now();
  const cleanups: Array<() => Promise<unknown>> = [];
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) process.exit(130); // a second Ctrl-C: stop waiting for the cleanup
    interrupted = true;
    console.log(`\n${red(`${signal}: stopping; removing what the demo started (Ctrl-C again to quit at once)…`)}`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    for (const entry of ['dist/main/index.js', 'dist/post/index.js']) {
      if (!fs.existsSync(path.join(REPO_ROOT, entry))) {
        console.error(`${entry} is missing: run \`npm run build\` first`);
        return 1;
      }
    }
    console.log(bold('compose-or-staging demo'));
    console.log(dim(`the bundled action (dist/main, dist/post) on ${EXAMPLE_DIR}/compose.yaml, run as the Actions runner runs it`));

    const engine = options.forceStaging ? undefined : await dockerEngine();
    const run = randomBytes(3).toString('hex');
    // A folder of its own: two demos at once keep their summaries and reports apart.
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), `compose-or-staging-demo-${run}-`));
    const deadSocket = path.join(os.tmpdir(), `cos-demo-no-docker-${process.pid}.sock`);
    const env: Record<string, string | undefined> = { GITHUB_REPOSITORY: 'example/compose-or-staging-demo', GITHUB_JOB: 'demo' };
    if (options.forceStaging) {
      console.log(`Docker: ${bold('made unreachable')} by --staging: DOCKER_HOST=unix://${deadSocket}, where nothing listens`);
      Object.assign(env, { DOCKER_HOST: `unix://${deadSocket}`, DOCKER_CONTEXT: undefined });
    } else if (engine?.available) {
      console.log(`Docker: ${engine.reason}, so the action takes the docker path`);
      const { image, note, built } = await chooseImage(run);
      console.log(`image:  ${image} ${dim(`(${note})`)}`);
      env.DEMO_NODE_IMAGE = image;
      if (built.length && options.keepImages) console.log(dim(`        kept at the end (--keep-images): ${built.join(', ')}`));
      else if (built.length)
        cleanups.push(async () => {
          // After the post step (this runs last): its containers are gone, so the image can go too.
          const removed: string[] = [];
          for (const tag of built) if ((await docker(['rmi', tag], { timeoutMs: 60_000 })).code === 0) removed.push(tag);
          console.log(dim(`images the demo built, removed: ${removed.join(', ') || 'none (still in use)'} (--keep-images keeps them)`));
        });
    } else {
      console.log(`Docker: ${engine?.reason ?? 'not checked'}`);
      console.log(dim('        the action will find that out itself and fall back to staging'));
    }

    // The "staging deployment": the same app, on loopback, behind a bearer token.
    const stagingBackend = await startStagingServer({ name: 'staging-backend', requireToken: STAGING_TOKEN });
    const stagingAuth = await startStagingServer({ name: 'staging-auth', requireToken: STAGING_TOKEN });
    cleanups.push(
      () => stagingBackend.close(),
      () => stagingAuth.close(),
    );
    console.log(`staging: ${stagingBackend.baseUrl} (backend, WebSocket at /ws), ${stagingAuth.baseUrl} (auth) ${dim('local, loopback')}`);

    const projectName = `cos-demo-${run}`;
    const inputs = {
      mode: 'auto',
      'working-directory': EXAMPLE_DIR,
      'project-name': projectName,
      'startup-timeout': '90',
      'staging-backend-url': stagingBackend.baseUrl,
      'staging-auth-url': stagingAuth.baseUrl,
      'staging-token': STAGING_TOKEN,
    };
    console.log(dim(['with:', ...Object.entries(inputs).map(([k, v]) => `  ${k}: ${k === 'staging-token' ? '***' : v}`)].join('\n')));

    if (interrupted) return 130;
    heading('main step (dist/main/index.js)');
    const action = await startAction({ workspace: REPO_ROOT, inputs, env, timeoutMs: 5 * 60_000 });
    cleanups.unshift(async () => action.cleanup());
    const { main } = action;
    console.log(`exit ${main.exitCode ?? main.signal} in ${seconds(main.durationMs)}`);
    if (options.verbose || main.exitCode !== 0) printLog(main, options.verbose);
    if (main.exitCode !== 0 && main.stderr.trim()) console.log(red(main.stderr.trim()));
    const mode = main.outputs.mode ?? '(not set)';

    if (!interrupted) {
      console.log();
      // The summary's own "what later steps receive" table is printed below from the runner's files.
      const width = Math.min(process.stdout.columns ?? 120, 160);
      console.log(summaryToText(main.summary, width, /later steps/i) || dim('(the step wrote no summary)'));

      const report = readReport(main.outputs.report);
      heading('outputs (GITHUB_OUTPUT)');
      printValues(main.outputs, report.outputs, width);
      heading('exported env (GITHUB_ENV, for later steps)');
      printValues(main.env, report.env, width);
      if (main.log.includes(STAGING_TOKEN) || main.stderr.includes(STAGING_TOKEN))
        console.log(red('  the staging token was printed unmasked!'));

      const summaryCopy = path.join(outDir, 'summary.md');
      fs.writeFileSync(summaryCopy, main.summary);
      console.log(`\njob summary (Markdown): ${summaryCopy}`);
      if (main.outputs.report && fs.existsSync(main.outputs.report)) {
        const reportCopy = path.join(outDir, 'report.json');
        fs.copyFileSync(main.outputs.report, reportCopy);
        console.log(`JSON report:            ${reportCopy} ${dim('(the action wrote it to $RUNNER_TEMP, which the demo removes)')}`);
      }
    }

    heading('post step (dist/post/index.js)');
    const post = await action.runPost();
    console.log(`exit ${post.exitCode ?? post.signal} in ${seconds(post.durationMs)}`);
    printLog(post, options.verbose);
    if (post.exitCode !== 0 && post.stderr.trim()) console.log(red(post.stderr.trim()));

    // The post step must have removed everything; make sure of it (and clean up after a Ctrl-C).
    let leftOver = false;
    if (engine?.available) {
      const left = await projectResources(projectName);
      const names = [...left.containers, ...left.networks, ...left.volumes];
      if (names.length) {
        leftOver = !interrupted;
        console.log(red(`  left behind by project ${projectName}: ${names.join(', ')}; removing`));
        await removeProject(projectName);
      } else console.log(green(`  nothing of project ${projectName} is left (no container, network or volume)`));
    }

    if (interrupted) return 130;
    const ok = main.exitCode === 0 && post.exitCode === 0 && !leftOver;
    console.log(`\n${ok ? green('✔') : red('✘')} ${bold(`mode ${mode}`)} ${dim(`· demo took ${seconds(performance.now() - started)}`)}`);
    if (mode === 'docker') console.log(dim('  npm run demo -- --staging   shows the fallback'));
    return ok ? 0 : 1;
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((err: unknown) => console.error(`cleanup: ${(err as Error).message}`));
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  },
);
