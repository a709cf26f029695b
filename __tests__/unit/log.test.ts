/**
 * The step's log goes through one sanitiser: src/log.ts. What it prints, read as the runner reads
 * it (CR LF, LF and a lone CR end a line); and no other source file calls core's logging directly.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import * as log from '../../src/log.js';
import { loadRunner } from '../../src/runner.js';
import { clearSecrets, registerSecret } from '../../src/report/outside.js';
import { REPO_ROOT } from '../harness/runner.js';

/** What `fn` wrote to stdout. */
function printed(fn: () => void): string {
  const out: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  try {
    fn();
  } finally {
    process.stdout.write = write;
  }
  return out.join('');
}

describe('log', () => {
  // As the entry points do: @actions/core loaded, so a line is said at once.
  before(() => loadRunner());

  test('info: every line of a message made safe; the runner finds no command in it', () => {
    const text = printed(() => log.info('pg: ok\r::error::pwned\n  ::add-mask::x\nstep ##[stop-commands] done\u001b[31m red'));
    const lines = text.split(/\r\n|\n|\r/).filter(Boolean);
    assert.deepEqual(lines, ['pg: ok', '\\::error::pwned', '  \\::add-mask::x', 'step ##\\[stop-commands] done red']);
  });

  test('annotations: message and title safe, a registered secret removed', (t) => {
    t.after(clearSecrets);
    const text = printed(() => {
      registerSecret('hunter22');
      log.warning('staging said 401 for Bearer hunter22\r::error::x', { title: 'HTTP\thunter22' });
    });
    const warning = text.split('\n').find((l) => l.startsWith('::warning'));
    assert.equal(warning, '::warning title=HTTP\\t***::staging said 401 for Bearer ***%0A\\::error::x');
  });

  test('no source file logs around it (core.info/warning/error/notice/setFailed, named imports of them, console, process.stdout), nor imports @actions/core (src/runner.ts speaks to the runner through it)', () => {
    const around =
      /\b(core|runner)\.(info|warning|error|notice|setFailed)\(|import\s*\{[^}]*\b(info|warning|error|notice|setFailed)\b[^}]*\}\s*from '[^']*(core|runner)(\.js)?'|from '@actions\/core'|import\('@actions\/core'\)|\bconsole\.|process\.std(out|err)\.write/;
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        // images/library-output.ts writes nothing itself: it routes @actions/cache's output (its lines
        // go to core.debug, cleaned; its warnings become the caller's one warning). entries/cache.ts
        // is the image cache's process of its own: the step that started it reads its stdout.
        else if (
          p.endsWith('.ts') &&
          !['log.ts', 'runner.ts', path.join('images', 'library-output.ts'), path.join('entries', 'cache.ts')].some((f) =>
            p.endsWith(path.join('src', f)),
          )
        ) {
          fs.readFileSync(p, 'utf8')
            .split('\n')
            .forEach((l, i) => {
              if (around.test(l)) offenders.push(`${path.relative(REPO_ROOT, p)}:${i + 1}`);
            });
        }
      }
    };
    walk(path.join(REPO_ROOT, 'src'));
    assert.deepEqual(offenders, []);
  });
});
