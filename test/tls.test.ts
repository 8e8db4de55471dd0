// The HTTPS certificate: generated once per data directory, reused until it nears expiry, trusted
// by a client that is given it as its CA; and clear failures for a user's unusable PEM files.

import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

import { pino } from "pino";
import { generate } from "selfsigned";
import { Agent, request } from "undici";

import { mintToken } from "../src/arm/auth.js";
import { resolveConfig } from "../src/config.js";
import { buildServer } from "../src/http/server.js";
import { ensureCertificate, loadCertificate, type CertificateFiles } from "../src/http/tls.js";
import { healthRoutes } from "../src/routes/health.js";

const DAY_MS = 24 * 3600 * 1000;

let dir: string;
let generated: CertificateFiles;

/** Writes a self-signed pair valid over the given window to `<dir>/tls`, where it is sought. */
async function writePair(into: string, notBeforeDate: Date, notAfterDate: Date) {
  // An EC key keeps the test fast; the emulator only cares about the validity window.
  const pems = await generate([{ name: "commonName", value: "localhost" }], {
    keyType: "ec",
    notBeforeDate,
    notAfterDate,
  });
  const pair = { cert: pems.cert, key: pems.private };
  await mkdir(join(into, "tls"), { recursive: true });
  await writeFile(join(into, "tls", "cert.pem"), pair.cert);
  await writeFile(join(into, "tls", "key.pem"), pair.key, { mode: 0o600 });
  return pair;
}

/** Runs `body` with a fresh temporary data directory, removed after. */
async function inTempDir(body: (dir: string) => Promise<void>): Promise<void> {
  const temp = await mkdtemp(join(tmpdir(), "asr-emulator-tls-"));
  try {
    await body(temp);
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

const daysFromNow = (days: number) => new Date(Date.now() + days * DAY_MS);

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "asr-emulator-tls-"));
  generated = await ensureCertificate(dir);
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("ensureCertificate", () => {
  it("writes a localhost certificate valid for about two years", () => {
    assert.equal(generated.certPath, join(dir, "tls", "cert.pem"));
    assert.equal(generated.keyPath, join(dir, "tls", "key.pem"));

    const cert = new X509Certificate(generated.cert);
    assert.match(cert.subject, /CN=localhost/);
    assert.match(cert.subjectAltName ?? "", /DNS:localhost/);
    assert.match(cert.subjectAltName ?? "", /IP Address:127\.0\.0\.1/);
    assert.match(cert.subjectAltName ?? "", /IP Address:(0:0:0:0:0:0:0:1|::1)/);
    assert.equal(cert.publicKey.asymmetricKeyType, "rsa");
    assert.equal(cert.publicKey.asymmetricKeyDetails?.modulusLength, 2048);

    const lifetime = Date.parse(cert.validTo) - Date.parse(cert.validFrom);
    assert.ok(lifetime > 725 * DAY_MS && lifetime < 735 * DAY_MS, `lifetime ${lifetime}`);
  });

  it("keeps the private key readable by its owner only", async () => {
    const { mode } = await stat(generated.keyPath);
    assert.equal(mode & 0o777, 0o600);
  });

  it("reuses the files already in the directory", async () => {
    const again = await ensureCertificate(dir);
    assert.equal(again.cert, generated.cert);
    assert.equal(again.key, generated.key);
  });

  it("keeps a pair written by someone else while it has more than 30 days left", async () => {
    await inTempDir(async (temp) => {
      const pair = await writePair(temp, daysFromNow(-400), daysFromNow(60));
      const kept = await ensureCertificate(temp);
      assert.equal(kept.cert, pair.cert);
      assert.equal(kept.key, pair.key);
      assert.equal(await readFile(join(temp, "tls", "cert.pem"), "utf8"), pair.cert);
      assert.equal(await readFile(join(temp, "tls", "key.pem"), "utf8"), pair.key);
    });
  });

  const replaced: [string, () => [Date, Date]][] = [
    ["has expired", () => [daysFromNow(-800), daysFromNow(-1)]],
    ["expires within 30 days", () => [daysFromNow(-700), daysFromNow(10)]],
    ["is not valid yet", () => [daysFromNow(1), daysFromNow(700)]],
  ];
  for (const [state, window] of replaced) {
    it(`replaces both files when the certificate ${state}`, async () => {
      await inTempDir(async (temp) => {
        const stale = await writePair(temp, ...window());
        const fresh = await ensureCertificate(temp);
        assert.notEqual(fresh.cert, stale.cert);
        assert.notEqual(fresh.key, stale.key);
        assert.equal(await readFile(fresh.certPath, "utf8"), fresh.cert);
        assert.equal(await readFile(fresh.keyPath, "utf8"), fresh.key);

        const cert = new X509Certificate(fresh.cert);
        assert.ok(Date.parse(cert.validFrom) <= Date.now());
        assert.ok(Date.parse(cert.validTo) > Date.now() + 700 * DAY_MS, cert.validTo);
        // And it is kept from then on.
        assert.equal((await ensureCertificate(temp)).cert, fresh.cert);
      });
    });
  }

  it("replaces a certificate file that cannot be parsed", async () => {
    await inTempDir(async (temp) => {
      await writePair(temp, daysFromNow(-1), daysFromNow(700));
      await writeFile(join(temp, "tls", "cert.pem"), "not a certificate");
      const fresh = await ensureCertificate(temp);
      assert.match(new X509Certificate(fresh.cert).subject, /CN=localhost/);
      assert.equal(await readFile(fresh.certPath, "utf8"), fresh.cert);
    });
  });

  it("creates a different certificate in another directory", async () => {
    const other = await mkdtemp(join(tmpdir(), "asr-emulator-tls-"));
    try {
      const fresh = await ensureCertificate(other);
      assert.notEqual(fresh.cert, generated.cert);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });
});

describe("loadCertificate", () => {
  it("loads a user's PEM files", async () => {
    const loaded = await loadCertificate(generated.certPath, generated.keyPath);
    assert.equal(loaded.cert, generated.cert);
    assert.equal(loaded.keyPath, generated.keyPath);
  });

  it("names a file that cannot be read", async () => {
    const missing = join(dir, "nope.pem");
    await assert.rejects(loadCertificate(missing, generated.keyPath), (error: Error) => {
      assert.match(error.message, /cannot read the TLS certificate file/);
      assert.ok(error.message.includes(missing));
      return true;
    });
  });

  it("refuses a user's expired certificate, naming the file and its expiry", async () => {
    await inTempDir(async (temp) => {
      const pair = await writePair(temp, daysFromNow(-800), daysFromNow(-1));
      const certPath = join(temp, "tls", "cert.pem");
      const expiry = new X509Certificate(pair.cert).validTo;
      await assert.rejects(
        loadCertificate(certPath, join(temp, "tls", "key.pem")),
        (error: Error) => {
          assert.ok(error.message.includes(`'${certPath}' expired on ${expiry}`), error.message);
          return true;
        },
      );
      // A user's files are never rewritten.
      assert.equal(await readFile(certPath, "utf8"), pair.cert);
    });
  });

  it("loads a user's certificate that expires soon as given", async () => {
    await inTempDir(async (temp) => {
      const pair = await writePair(temp, daysFromNow(-800), daysFromNow(2));
      const loaded = await loadCertificate(
        join(temp, "tls", "cert.pem"),
        join(temp, "tls", "key.pem"),
      );
      assert.equal(loaded.cert, pair.cert);
    });
  });

  it("names a file that is not PEM", async () => {
    const garbage = join(dir, "garbage.pem");
    await writeFile(garbage, "not a certificate");
    await assert.rejects(loadCertificate(garbage, generated.keyPath), /is not a PEM certificate/);
    await assert.rejects(loadCertificate(generated.certPath, garbage), /is not a PEM private key/);
  });
});

describe("HTTPS server", () => {
  it("serves HTTPS on a free port to a client that trusts the certificate", async () => {
    const app = await buildServer({
      config: resolveConfig({ silent: true }),
      logger: pino({ level: "silent" }),
      tls: { cert: generated.cert, key: generated.key },
      modules: [healthRoutes(() => ({}))],
    });
    await app.listen({ host: "127.0.0.1", port: 0 });
    const { port } = app.server.address() as AddressInfo;
    const trusting = new Agent({ connect: { ca: generated.cert } });
    const untrusting = new Agent();

    try {
      const authorization = `Bearer ${await mintToken({ nowMs: Date.now() })}`;
      for (const host of ["127.0.0.1", "localhost"]) {
        const res = await request(`https://${host}:${port}/_emulator/health`, {
          dispatcher: trusting,
          headers: { authorization },
        });
        assert.equal(res.statusCode, 200, host);
        assert.deepEqual(await res.body.json(), { status: "ok" });
      }

      await assert.rejects(
        request(`https://127.0.0.1:${port}/_emulator/health`, { dispatcher: untrusting }),
        /self[- ]signed|unable to verify/i,
      );
    } finally {
      await trusting.close();
      await untrusting.close();
      await app.close();
    }
  });
});

describe("ensureCertificate from processes starting together", () => {
  it("gives every caller the same pair, the one on disk", async () => {
    const dir = await mkdtemp(join(tmpdir(), "asr-emulator-tls-race-"));
    try {
      const pairs = await Promise.all([0, 1, 2, 3].map(() => ensureCertificate(dir)));
      const onDisk = await readFile(join(dir, "tls", "cert.pem"), "utf8");
      for (const pair of pairs) assert.equal(pair.cert, onDisk);
      await assert.rejects(stat(join(dir, "tls", ".generating")));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
