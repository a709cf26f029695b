/**
 * A stand-in of GitHub's results service for artifacts, on loopback: what `@actions/artifact` 6
 * speaks when it uploads.
 *
 * - Twirp JSON at `POST /twirp/github.actions.results.api.v1.ArtifactService/<Method>` (bearer
 *   ACTIONS_RUNTIME_TOKEN, a JWT whose `scp` claim holds `Actions.Results:<runId>:<jobId>`; requests
 *   in proto field names): CreateArtifact {workflow_run_backend_id, workflow_job_run_backend_id,
 *   name, mime_type, version} → {ok, signed_upload_url}, 409 when the run has an artifact of that
 *   name; FinalizeArtifact {…, name, size, hash} → {ok, artifact_id}.
 * - The upload as Azure Blob Storage takes it on an IP-style URL (`/<account>/<container>/<blob>`):
 *   Put Block and Put Block List (what the Azure SDK's uploadStream does), or Put Blob.
 *
 * `failWith(status)` answers every twirp call with that status; `hang()` never answers one.
 */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import * as zlib from 'node:zlib';
import { blobUploads, json, listenOnLoopback, readBody } from './results-service.js';

const SERVICE = '/twirp/github.actions.results.api.v1.ArtifactService/';

export interface StoredArtifact {
  id: number;
  name: string;
  runId: string;
  jobId: string;
  /** The uploaded blob (a zip), assembled from its blocks. */
  bytes: Buffer;
  size: number;
  hash: string | undefined;
  finalized: boolean;
}

export interface ArtifactService {
  /** The environment `@actions/artifact` needs to upload here. */
  env: Record<string, string>;
  artifacts: StoredArtifact[];
  /** Every request, as `METHOD what`. */
  requests: string[];
  failWith(status: number | undefined): void;
  hang(): void;
  close(): Promise<void>;
}

const b64url = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');

/** A runtime token as the runner gives it: a JWT with the Actions.Results scope (unsigned: the library only decodes it). */
export function runtimeToken(runId: string, jobId: string): string {
  return `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ scp: `Actions.GenericRead:1 Actions.Results:${runId}:${jobId}` })}.c2ln`;
}

export async function startArtifactService(): Promise<ArtifactService> {
  const runId = randomUUID();
  const jobId = randomUUID();
  const token = runtimeToken(runId, jobId);
  const signature = randomUUID().replace(/-/g, '');
  const artifacts: StoredArtifact[] = [];
  const requests: string[] = [];
  let failing: number | undefined;
  let hanging = false;
  let base = '';

  const twirp = (method: string, body: Record<string, unknown>, res: http.ServerResponse): void => {
    const name = String(body.name ?? '');
    if (body.workflow_run_backend_id !== runId || body.workflow_job_run_backend_id !== jobId)
      return json(res, 400, { code: 'invalid_argument', msg: 'backend ids do not match the token' });
    if (method === 'CreateArtifact') {
      if (artifacts.some((a) => a.name === name && a.finalized))
        return json(res, 409, { code: 'already_exists', msg: 'an artifact with this name already exists on the workflow run' });
      const a: StoredArtifact = {
        id: artifacts.length + 1,
        name,
        runId,
        jobId,
        bytes: Buffer.alloc(0),
        size: 0,
        hash: undefined,
        finalized: false,
      };
      artifacts.push(a);
      return json(res, 200, { ok: true, signed_upload_url: `${base}/devstoreaccount1/actions-results/${a.id}?sig=${signature}` });
    }
    if (method === 'FinalizeArtifact') {
      const a = artifacts.find((x) => x.name === name && !x.finalized);
      if (!a) return json(res, 404, { code: 'not_found', msg: 'no artifact of that name is being uploaded' });
      a.finalized = true;
      a.size = Number(body.size ?? 0);
      a.hash = typeof body.hash === 'string' ? body.hash : undefined;
      return json(res, 200, { ok: true, artifact_id: String(a.id) });
    }
    return json(res, 404, { code: 'bad_route', msg: `no such method: ${method}` });
  };

  const blob = blobUploads(signature, (id) => artifacts.find((x) => x.id === id), requests);

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    void (async () => {
      if (url.pathname.startsWith(SERVICE) && req.method === 'POST') {
        const method = url.pathname.slice(SERVICE.length);
        requests.push(`POST ${method}`);
        const body = await readBody(req);
        if (hanging) return; // never answered
        if (req.headers.authorization !== `Bearer ${token}`) return json(res, 401, { code: 'unauthenticated', msg: 'bad token' });
        if (failing !== undefined) return json(res, failing, { code: 'internal', msg: `the stand-in answers ${failing}` });
        return twirp(method, JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>, res);
      }
      if (url.pathname.split('/').length === 4) return blob(req, url, res);
      res.writeHead(404).end();
    })().catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(err));
    });
  });
  const listening = await listenOnLoopback(server);
  base = listening.base;
  return {
    env: { ACTIONS_RESULTS_URL: `${base}/`, ACTIONS_RUNTIME_TOKEN: token },
    artifacts,
    requests,
    failWith: (status) => (failing = status),
    hang: () => (hanging = true),
    close: listening.close,
  };
}

/** The files of a zip (stored or deflated), by name, read through its central directory. */
export function unzip(zip: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip: no end of central directory');
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory entry');
    const method = zip.readUInt16LE(p + 10);
    const compressed = zip.readUInt32LE(p + 20);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + compressed);
    if (!name.endsWith('/')) out.set(name, method === 0 ? Buffer.from(data) : zlib.inflateRawSync(data));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}
