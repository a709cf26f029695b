/** What a build key is made of, as test data: a service's build source, a context digest, base image digests. */
import type { BuildSource, ContextDigest } from '../../src/images/build-types.js';

/** A build source: the backend's Dockerfile in /ws/backend on python:3.12, with `over` changed. */
export const source = (over: Partial<BuildSource> = {}): BuildSource => ({
  service: 'backend',
  image: undefined,
  context: '/ws/backend',
  where: 'backend: Dockerfile',
  dockerfile: '/ws/backend/Dockerfile',
  text: 'FROM python:3.12\nCOPY . /app\n',
  args: { A: '1' },
  target: undefined,
  platform: undefined,
  options: '',
  bases: ['docker.io/library/python:3.12'],
  pullPolicy: undefined,
  ...over,
});
export const ctx = (digest: string, entries: ContextDigest['entries'] = []): ContextDigest => ({
  digest,
  entries,
  bytes: 0,
  durationMs: 0,
});
export const bases = { 'docker.io/library/python:3.12': 'sha256:' + 'a'.repeat(64) };
