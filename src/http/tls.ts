// The certificate the emulator serves HTTPS with. Azure SDK clients refuse to send bearer
// tokens over plain HTTP, so a local certificate is needed; it is kept in the data directory
// and reused so that a trust set up once (NODE_EXTRA_CA_CERTS, curl --cacert) stays valid.

import { X509Certificate, createPrivateKey } from "node:crypto";
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { generate } from "selfsigned";

export interface CertificateFiles {
  cert: string;
  key: string;
  certPath: string;
  keyPath: string;
}

const VALIDITY_YEARS = 2;

/**
 * A generated certificate this close to expiry is replaced at start-up, so an emulator left
 * running for weeks does not start failing handshakes part-way through.
 */
const RENEW_BEFORE_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Reuses `dir/tls/cert.pem` and `key.pem` while they are good for another 30 days, or creates
 * them for localhost, overwriting a pair that has expired, is not valid yet, or is unreadable.
 */
export async function ensureCertificate(dir: string): Promise<CertificateFiles> {
  const tlsDir = join(dir, "tls");
  const certPath = join(tlsDir, "cert.pem");
  const keyPath = join(tlsDir, "key.pem");

  const reusable = async () => {
    const existing = await readPair(certPath, keyPath);
    return existing && isReusable(existing.cert, existing.key, Date.now()) ? existing : null;
  };

  const existing = await reusable();
  if (existing) return { ...existing, certPath, keyPath };

  // Emulators starting together on one data directory must end up serving the same pair:
  // one of them writes it, under a lock file, and the others read what it wrote.
  await mkdir(tlsDir, { recursive: true });
  const pair = await underLock(join(tlsDir, ".generating"), async () => {
    const written = await reusable();
    if (written) return written;
    const { cert, key } = await generateLocalhostCertificate();
    // The private key is readable by its owner only, like any key an ssh or TLS tool writes.
    await writeFile(keyPath, key, { mode: 0o600 });
    await writeFile(certPath, cert);
    return { cert, key };
  });
  return { ...pair, certPath, keyPath };
}

/** A lock file older than this was left by a process that died while holding it. */
const STALE_LOCK_MS = 30_000;

/** Runs `work` while holding `lockPath`, created exclusively; waits while another holds it. */
async function underLock<T>(lockPath: string, work: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      await writeFile(lockPath, String(process.pid), { flag: "wx" });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const held = await stat(lockPath).catch(() => null);
      if (held && Date.now() - held.mtimeMs > STALE_LOCK_MS) await rm(lockPath, { force: true });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  try {
    return await work();
  } finally {
    await rm(lockPath, { force: true });
  }
}

/** Loads a user's own PEM files, failing with a message that names the file at fault. */
export async function loadCertificate(
  certPath: string,
  keyPath: string,
): Promise<CertificateFiles> {
  const cert = await readPem(certPath, "certificate");
  const key = await readPem(keyPath, "private key");

  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch (cause) {
    throw new Error(`'${certPath}' is not a PEM certificate: ${reason(cause)}`);
  }
  try {
    createPrivateKey(key);
  } catch (cause) {
    throw new Error(`'${keyPath}' is not a PEM private key: ${reason(cause)}`);
  }
  // A user's certificate is never replaced, but serving an expired one would only move the
  // failure to every client's handshake, where it is much harder to trace back.
  if (Date.parse(x509.validTo) <= Date.now()) {
    throw new Error(`the TLS certificate '${certPath}' expired on ${x509.validTo}: renew it`);
  }
  return { cert, key, certPath, keyPath };
}

/**
 * True when a generated pair can serve for at least another RENEW_BEFORE_MS. A key that does
 * not match the certificate (say, a write interrupted between the two files) also fails, since
 * regenerating is the only repair for files the emulator owns.
 */
function isReusable(cert: string, key: string, nowMs: number): boolean {
  try {
    const x509 = new X509Certificate(cert);
    const validFrom = Date.parse(x509.validFrom);
    const validTo = Date.parse(x509.validTo);
    if (!Number.isFinite(validFrom) || !Number.isFinite(validTo)) return false;
    return (
      validFrom <= nowMs &&
      validTo - RENEW_BEFORE_MS > nowMs &&
      x509.checkPrivateKey(createPrivateKey(key))
    );
  } catch {
    return false;
  }
}

async function readPair(certPath: string, keyPath: string) {
  try {
    const [cert, key] = await Promise.all([readFile(certPath, "utf8"), readFile(keyPath, "utf8")]);
    return { cert, key };
  } catch {
    return undefined;
  }
}

async function readPem(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (cause) {
    throw new Error(`cannot read the TLS ${what} file '${path}': ${reason(cause)}`);
  }
}

async function generateLocalhostCertificate(): Promise<{ cert: string; key: string }> {
  const notBeforeDate = new Date();
  const notAfterDate = new Date(notBeforeDate);
  notAfterDate.setUTCFullYear(notAfterDate.getUTCFullYear() + VALIDITY_YEARS);

  const pems = await generate([{ name: "commonName", value: "localhost" }], {
    keyType: "rsa",
    keySize: 2048,
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
          { type: 7, ip: "::1" },
        ],
      },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

function reason(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
