/**
 * The engine dies while the stack starts (issue 12, item 6): the action talks to it through a TCP
 * proxy on 127.0.0.2 (a remote engine, as DOCKER_HOST=tcp://… gives), and the proxy is shut while
 * the wait runs. The wait ends within seconds, saying the engine stopped answering, not at
 * startup-timeout. The stack itself lives on on the real engine, and is removed by the test.
 */
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { test } from 'node:test';
import { runAction } from '../harness/runner.js';
import { describeEachCompose } from '../support/compose.js';
import { docker, projectResources } from '../support/docker.js';
import { check, readReport, useDockerRepos } from '../support/e2e.js';
import { procFiles } from '../support/processes.js';
import { until } from '../support/time.js';

/** The engine's socket behind a TCP port on 127.0.0.2; `shut()` closes it and every connection. */
async function engineProxy(): Promise<{ host: string; shut: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const engine = net.connect('/var/run/docker.sock');
    for (const s of [client, engine]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    }
    client.pipe(engine).pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.2', r));
  const { port } = server.address() as net.AddressInfo;
  return {
    host: `tcp://127.0.0.2:${port}`,
    shut: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        for (const s of sockets) s.destroy();
      }),
  };
}

/** Whether a `compose … up` of this project still runs on this machine. */
const upRunning = (project: string): boolean =>
  [...procFiles('cmdline').values()].some((cmdline) => {
    const argv = cmdline.split('\0');
    return argv.includes(project) && argv.includes('up');
  });

describeEachCompose(
  'the engine stops answering during the wait',
  (compose) => {
    const { repo, track, env, ready } = useDockerRepos(compose);

    test('noticed within seconds, named as such, not at startup-timeout', async (t) => {
      if (!(await ready(t))) return;
      const proxy = await engineProxy();
      t.after(proxy.shut);
      const project = `cos-gone-${compose.name}-${process.pid}`;
      track(project);
      const ws = repo({ backendEnv: { READY_AFTER_MS: '600000' }, backendPorts: ['8000'], auth: false });
      const started = performance.now();
      const running = runAction({
        workspace: ws,
        inputs: { mode: 'docker', 'startup-timeout': '300', 'project-name': project },
        env: { ...env, DOCKER_HOST: proxy.host },
      });
      // Once the backend runs and compose up has exited, the action is in its wait alone (the backend
      // never turns ready): shut the engine's door. (Shut while up still ran, up would fail first, and
      // the step would say so instead; how soon up exits after the container starts is this machine's
      // load, so it is waited for, not guessed.)
      await until(
        async () => {
          const ps = await docker(['ps', '--filter', `label=com.docker.compose.project=${project}`, '--format', '{{.Names}}']);
          return ps.stdout.trim() !== '' && !upRunning(project);
        },
        { what: 'the backend to start and compose up to exit', timeoutMs: 240_000, intervalMs: 200 },
      );
      await proxy.shut();
      const shutAt = performance.now();
      const run = await running;
      try {
        const mainEnded = started + run.main.durationMs;
        assert.equal(run.main.exitCode, 1, run.main.stdout);
        assert.match(run.main.outputs.reason ?? '', /the Docker engine stopped answering while the stack started/);
        assert.equal(check(readReport(run.main), 'wait')?.failure, 'daemon-down');
        // Expected ~2 s; the guard tells it apart from the 300 s startup-timeout.
        assert.ok(mainEnded - shutAt < 60_000, `the main step ended ${Math.round(mainEnded - shutAt)} ms after the engine went away`);
      } finally {
        run.cleanup();
      }
      assert.ok((await projectResources(project)).containers.length > 0, 'the stack lives on, out of reach (removed by the test)');
    });
  },
  ['v2'],
);
