/** action.yml declares the whole public contract, and the README's tables say exactly what action.yml says. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { loadActionDefinition, REPO_ROOT } from '../harness/runner.js';
import { INPUT_DEFAULTS } from '../../src/input-names.js';

// The contract (../shared/design/contract.md); workflows depend on these names.
const CONTRACT_INPUTS: Record<string, string> = {
  mode: 'auto',
  'working-directory': '.',
  'compose-files': '',
  'project-directory': '',
  'project-name': '',
  services: '',
  build: 'false',
  pull: 'missing',
  'up-flags': '',
  'startup-timeout': '120',
  'backend-service': 'backend',
  'backend-port': '8000',
  'health-path': '/health',
  'websocket-path': '/ws',
  'auth-service': 'auth',
  'auth-port': '8081',
  'auth-health-path': '/health',
  'staging-backend-url': '',
  'staging-websocket-url': '',
  'staging-auth-url': '',
  'staging-token': '',
  'staging-timeout': '10',
  'fail-on-unavailable': 'true',
  'export-env': 'true',
  teardown: 'true',
  'cache-images': 'false',
  isolate: 'false',
  'url-host': '',
  'upload-logs': 'on-failure',
};
const CONTRACT_OUTPUTS = [
  'mode',
  'use-staging-fallback',
  'docker-available',
  'backend-url',
  'websocket-url',
  'auth-url',
  'backend-port',
  'staging-backend-url',
  'staging-websocket-url',
  'staging-auth-url',
  'compose-files',
  'project-directory',
  'project-name',
  'reason',
  'report',
  'service-ports',
  'cache-hit',
  'logs-artifact',
];

const action = loadActionDefinition();

/**
 * Names the contract has gained for an open issue that has not been built yet: not declared in
 * action.yml (an input that did nothing would be a stub), and listed here with their issue so the
 * gap is seen, never silently skipped.
 */
const NOT_YET_BUILT: Record<string, string> = {};

test('every contract input is declared with its contract default and a description', () => {
  for (const [name, def] of Object.entries(CONTRACT_INPUTS)) {
    const spec = action.inputs[name];
    assert.ok(spec, `input ${name} missing from action.yml`);
    assert.equal(spec.default ?? '', def, `default of ${name}`);
    assert.ok((spec.description ?? '').length > 10, `description of ${name}`);
  }
});

test('every contract output is declared with a description', () => {
  for (const name of CONTRACT_OUTPUTS) assert.ok((action.outputs[name]?.description ?? '').length > 5, `output ${name}`);
});

test('the contract file, when beside the repo, lists nothing action.yml lacks', (t) => {
  const file = path.join(REPO_ROOT, '..', 'shared', 'design', 'contract.md');
  if (!fs.existsSync(file)) return t.skip('../shared/design/contract.md is not beside this checkout');
  const text = fs.readFileSync(file, 'utf8');
  const section = (title: string): string => text.split(`## ${title}`)[1]?.split('\n## ')[0] ?? '';
  const names = (s: string): string[] => [...s.matchAll(/^\| `([a-z-]+)`/gm)].map((m) => m[1] as string);
  for (const n of names(section('Inputs'))) assert.ok(n in action.inputs || n in NOT_YET_BUILT, `contract input ${n}`);
  for (const n of names(section('Outputs'))) assert.ok(n in action.outputs || n in NOT_YET_BUILT, `contract output ${n}`);
  // Once built, a name leaves the list: declared and waiting at once would be a stub.
  for (const [n, issue] of Object.entries(NOT_YET_BUILT))
    assert.ok(!(n in action.inputs) && !(n in action.outputs), `${n} is in action.yml: take it off NOT_YET_BUILT (${issue})`);
  assert.ok(names(section('Inputs')).length >= 26);
});

test('runs on node24 with a main and an always-run post entry that exist', () => {
  assert.equal(action.runs.using, 'node24');
  assert.equal(action.runs['post-if'], 'always()');
  for (const entry of [action.runs.main, action.runs.post]) assert.ok(fs.existsSync(path.join(REPO_ROOT, entry as string)), entry);
});

test("the README's tables list exactly action.yml's inputs and outputs, with the same defaults", () => {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const rows = (header: string): Array<string[]> => {
    const start = readme.indexOf(`| ${header}`);
    assert.ok(start >= 0, `README has a table headed ${header}`);
    const lines = readme.slice(start).split('\n');
    const out: string[][] = [];
    for (const line of lines.slice(2)) {
      if (!line.startsWith('|')) break;
      out.push(
        line
          .split('|')
          .slice(1, -1)
          .map((c) => c.trim()),
      );
    }
    return out;
  };
  const inputs = rows('Input ');
  const readmeInputs = Object.fromEntries(
    inputs.map(([name, def]) => [name!.replace(/`/g, ''), def!.replace(/`/g, '').replace('_(empty)_', '')]),
  );
  const declared = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default ?? '']));
  assert.deepEqual(readmeInputs, declared);
  const outputs = rows('Output ').map(([name]) => name!.replace(/`/g, ''));
  assert.deepEqual(outputs.sort(), Object.keys(action.outputs).sort());
});

test(".env.example (for local-action) gives every input action.yml's default, as the runner would; only working-directory points at the example stack", () => {
  const text = fs.readFileSync(path.join(REPO_ROOT, '.env.example'), 'utf8');
  const given: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^INPUT_([A-Z0-9-]+)=(.*)$/.exec(line);
    if (m) given[m[1]!.toLowerCase()] = m[2]!;
  }
  const expected = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default ?? '']));
  expected['working-directory'] = 'examples';
  assert.deepEqual(given, expected);
});

test("the parser's one list of inputs (src/input-names.ts) is action.yml's, names and defaults alike", () => {
  const declared = Object.fromEntries(Object.entries(loadActionDefinition().inputs).map(([name, i]) => [name, i.default ?? '']));
  assert.deepEqual({ ...INPUT_DEFAULTS }, declared);
});
