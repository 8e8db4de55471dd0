// Shared access signatures on exported files: every signed field is covered by the signature,
// and a grant is only ever a read of one blob.

import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { describe, test } from "node:test";

import { ArmError } from "../src/arm/errors.js";
import { SasSigner } from "../src/arm/sas.js";
import { API, DEMO_VAULT_PATH, startTestEmulator } from "./support/emulator.js";

const SECRET = Buffer.from("a secret of thirty-two bytes.....");
const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);
const BLOB = "export-1.json";
const signer = new SasSigner(SECRET);

function fieldsOf(token: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(token));
}

function denial(query: Record<string, unknown>, blob = BLOB, now = NOW): ArmError {
  try {
    signer.verify(blob, query, now);
  } catch (error) {
    assert.ok(error instanceof ArmError, `an ArmError, not ${String(error)}`);
    assert.equal(error.status, 403);
    return error;
  }
  assert.fail("the signature was accepted");
}

/** Signs arbitrary fields with the test secret, as only the emulator itself could. */
function signedWith(fields: Record<"sv" | "sr" | "sp" | "se", string>): Record<string, string> {
  const text = JSON.stringify([BLOB, fields.sv, fields.sr, fields.sp, fields.se]);
  const sig = createHmac("sha256", SECRET).update(text).digest("base64");
  return { ...fields, sig };
}

describe("SasSigner", () => {
  const token = fieldsOf(signer.sign(BLOB, NOW + 3600_000));

  test("a token it signed verifies for its blob until it expires", () => {
    assert.deepEqual(Object.keys(token), ["sv", "sr", "sp", "se", "sig"]);
    assert.doesNotThrow(() => signer.verify(BLOB, token, NOW));
    assert.match(denial(token, BLOB, NOW + 3600_001).message, /expiry/);
    assert.match(denial(token, "export-2.json").message, /Signature did not match/);
  });

  test("changing any signed field breaks the signature", () => {
    const changes = { sp: "rw", sr: "c", sv: "2099-01-01", se: "9999-12-31T00:00:00.000Z" };
    for (const [name, value] of Object.entries(changes)) {
      const error = denial({ ...token, [name]: value });
      assert.equal(error.code, "AuthenticationFailed", name);
      assert.match(error.message, /Signature did not match/, name);
    }
  });

  test("a missing or repeated field is no signature, not a crash", () => {
    for (const name of ["sv", "sr", "sp", "se", "sig"]) {
      const without: Record<string, unknown> = { ...token };
      delete without[name];
      assert.match(denial(without).message, new RegExp(`lacks ${name}`));
      assert.match(denial({ ...token, [name]: [token[name], "x"] }).message, /more than once/);
    }
  });

  test("a validly signed grant must still be a read of a blob", () => {
    const se = new Date(NOW + 60_000).toISOString();
    assert.doesNotThrow(() =>
      signer.verify(BLOB, signedWith({ sv: "v", sr: "b", sp: "rl", se }), NOW),
    );

    const write = denial(signedWith({ sv: "v", sr: "b", sp: "w", se }));
    assert.equal(write.code, "AuthorizationPermissionMismatch");
    const container = denial(signedWith({ sv: "v", sr: "c", sp: "r", se }));
    assert.equal(container.code, "AuthorizationPermissionMismatch");
  });
});

describe("exported file downloads", () => {
  test("a token whose permissions were widened is refused", async () => {
    const env = await startTestEmulator();
    try {
      const jobs = `${DEMO_VAULT_PATH}/replicationJobs`;
      await env.send("POST", "/_emulator/clock", { body: { freeze: true } });
      const accepted = await env.send("POST", `${jobs}/export?${API}`, {
        body: { jobStatus: "Succeeded", affectedObjectTypes: "", jobOutputType: "Json" },
      });
      assert.equal(accepted.status, 202, accepted.text);
      await env.send("POST", "/_emulator/clock", { body: { advance: "PT1M" } });
      const done = await env.send("GET", accepted.headers["location"] ?? "");
      const job = done.json as { properties: { customDetails: Record<string, string> } };
      const { blobUri = "", sasToken = "" } = job.properties.customDetails;

      const read = await env.send("GET", `${blobUri}?${sasToken}`, { auth: false });
      assert.equal(read.status, 200);
      const widened = sasToken.replace("sp=r&", "sp=rw&");
      assert.notEqual(widened, sasToken);
      const refused = await env.send("GET", `${blobUri}?${widened}`, { auth: false });
      assert.equal(refused.status, 403);
      assert.match(refused.text, /Signature did not match/);
    } finally {
      await env.stop();
    }
  });
});
