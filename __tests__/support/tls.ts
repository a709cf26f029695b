/**
 * Throw-away TLS material for tests, made with the `openssl` CLI:
 * a self-signed CA and a leaf certificate signed by it.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Options of {@link makeCertificate}. */
export interface CertificateOptions {
  /** DNS names and/or IP addresses for the leaf's subjectAltName (at least one). */
  hosts: string[];
  /** Make the leaf certificate expired (valid 2020-01-01 .. 2020-01-02). Default false. */
  expired?: boolean;
  /** Validity of a non-expired leaf, in days (default 30). */
  days?: number;
}

/** Files and PEM text produced by {@link makeCertificate}. */
export interface Certificate {
  /** CA certificate (trust anchor: pass as `ca` to clients). */
  caPath: string;
  /** Leaf certificate (serve with keyPath). */
  certPath: string;
  /** Leaf private key (unencrypted PKCS#8, EC P-256). */
  keyPath: string;
  caPem: string;
  certPem: string;
  keyPem: string;
  /** Temporary directory holding all files. */
  dir: string;
  /** Remove `dir`. */
  cleanup(): Promise<void>;
}

async function openssl(args: string[], cwd: string): Promise<void> {
  try {
    await execFileAsync('openssl', args, { cwd, timeout: 20_000 });
  } catch (err) {
    const e = err as Error & { stderr?: string };
    throw new Error(`openssl ${args[0]} failed: ${e.stderr?.trim() || e.message}`);
  }
}

/** The EC P-256 key options of `openssl req`: fast to generate. */
export const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** A self-signed CA (`keyFile`, `certFile`) named `name`, valid `days`, made with the openssl CLI in `dir`. */
export async function makeCa(dir: string, keyFile: string, certFile: string, name: string, days: number): Promise<void> {
  await openssl(
    [
      'req',
      '-x509',
      ...EC_KEY,
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      String(days),
      '-sha256',
      '-subj',
      `/CN=${name}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-addext',
      'subjectKeyIdentifier=hash',
    ],
    dir,
  );
}

/**
 * Create a self-signed CA and a leaf certificate for `hosts`, signed by it, in a
 * fresh temporary directory (EC P-256 keys: fast to generate).
 *
 * @example
 * const c = await makeCertificate({ hosts: ['localhost', '127.0.0.1'] });
 * https.get(url, { ca: c.caPem });
 */
export async function makeCertificate(opts: CertificateOptions): Promise<Certificate> {
  const hosts = opts.hosts.map((h) => h.trim()).filter(Boolean);
  if (hosts.length === 0) throw new Error('makeCertificate: at least one host is needed');
  for (const h of hosts) {
    if (!isIP(h) && !/^[A-Za-z0-9*]([A-Za-z0-9.*-]*[A-Za-z0-9])?$/.test(h)) {
      throw new Error(`makeCertificate: not a DNS name or IP address: ${JSON.stringify(h)}`);
    }
  }
  const dir = await mkdtemp(join(tmpdir(), 'cos-cert-'));
  try {
    const san = hosts.map((h) => (isIP(h) ? `IP:${h}` : `DNS:${h}`)).join(',');
    const cn = hosts[0] ?? 'localhost';
    await writeFile(join(dir, 'index.txt'), '');
    await writeFile(join(dir, 'serial'), `${randomBytes(8).toString('hex').replace(/^./, '1')}\n`);
    await writeFile(
      join(dir, 'ca.cnf'),
      [
        '[ ca ]',
        'default_ca = testca',
        '[ testca ]',
        'database = ./index.txt',
        'new_certs_dir = .',
        'serial = ./serial',
        'default_md = sha256',
        'policy = anything',
        'copy_extensions = none',
        'unique_subject = no',
        '[ anything ]',
        'commonName = supplied',
        '[ leaf_ext ]',
        `subjectAltName = ${san}`,
        'basicConstraints = critical,CA:FALSE',
        'keyUsage = critical,digitalSignature,keyEncipherment',
        'extendedKeyUsage = serverAuth',
        'subjectKeyIdentifier = hash',
        'authorityKeyIdentifier = keyid',
        '',
      ].join('\n'),
    );
    const ec = EC_KEY;
    await makeCa(dir, 'ca.key', 'ca.pem', `cos-test CA ${randomBytes(4).toString('hex')}`, 3650);
    await openssl(['req', '-new', ...ec, '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', `/CN=${cn}`], dir);
    const validity = opts.expired ? ['-startdate', '20200101000000Z', '-enddate', '20200102000000Z'] : ['-days', String(opts.days ?? 30)];
    await openssl(
      [
        'ca',
        '-batch',
        '-notext',
        '-config',
        'ca.cnf',
        '-cert',
        'ca.pem',
        '-keyfile',
        'ca.key',
        '-in',
        'leaf.csr',
        '-out',
        'leaf.pem',
        '-extensions',
        'leaf_ext',
        ...validity,
      ],
      dir,
    );
    const caPath = join(dir, 'ca.pem');
    const certPath = join(dir, 'leaf.pem');
    const keyPath = join(dir, 'leaf.key');
    const [caPem, certPem, keyPem] = await Promise.all([readFile(caPath, 'utf8'), readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')]);
    return {
      caPath,
      certPath,
      keyPath,
      caPem,
      certPem,
      keyPem,
      dir,
      cleanup: () => rm(dir, { recursive: true, force: true }),
    };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}
