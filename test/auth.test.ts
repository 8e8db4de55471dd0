// Bearer tokens: what ARM rejects and with which code, and the tokens the emulator mints.

import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";

import { SignJWT, decodeJwt, decodeProtectedHeader, type JWTPayload } from "jose";

import { emulatorCredential, mintToken, verifyBearer } from "../src/arm/auth.js";
import { ArmError } from "../src/arm/errors.js";

const NOW = Date.UTC(2025, 0, 15, 13, 30, 0);
const nowSeconds = Math.floor(NOW / 1000);

async function tokenWith(claims: JWTPayload): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).sign(randomBytes(32));
}

function part(text: string): string {
  return Buffer.from(text).toString("base64url");
}

/** A token written by hand, for claims jose would not produce: `exp` is raw JSON text. */
function rawToken(exp: string, more = ""): string {
  const payload = `{"aud": "https://management.azure.com/", "exp": ${exp}${more}}`;
  return `${part('{"alg":"HS256","typ":"JWT"}')}.${part(payload)}.c2ln`;
}

function rejection(header: string | undefined, nowMs = NOW): ArmError {
  try {
    verifyBearer(header, nowMs);
  } catch (error) {
    assert.ok(error instanceof ArmError, "an ArmError is thrown");
    return error;
  }
  assert.fail("the token was accepted");
}

describe("verifyBearer", () => {
  it("accepts a token for each management audience", async () => {
    const audiences = [
      "https://management.azure.com",
      "https://management.azure.com/",
      "https://management.core.windows.net",
      "https://management.core.windows.net/",
    ];
    for (const aud of audiences) {
      const token = await tokenWith({ aud, exp: nowSeconds + 60 });
      assert.equal(verifyBearer(`Bearer ${token}`, NOW).aud, aud);
    }
  });

  it("accepts an audience list that includes the management endpoint", async () => {
    const token = await tokenWith({
      aud: ["api://other", "https://management.azure.com/"],
      exp: nowSeconds + 60,
    });
    assert.doesNotThrow(() => verifyBearer(`Bearer ${token}`, NOW));
  });

  it("answers a missing header with AuthenticationFailed and a challenge", () => {
    for (const header of [undefined, "", "   "]) {
      const error = rejection(header);
      assert.equal(error.status, 401);
      assert.equal(error.code, "AuthenticationFailed");
      assert.match(error.message, /missing/);
      assert.match(error.headers["WWW-Authenticate"] ?? "", /^Bearer /);
    }
  });

  it("answers a header that is not 'Bearer <token>' as malformed", () => {
    for (const header of ["Basic abc", "Bearer", "Bearer a b", "Token abc"]) {
      const error = rejection(header);
      assert.equal(error.code, "AuthenticationFailed", header);
      assert.match(error.message, /invalid format/);
    }
  });

  it("answers a token that is not a JWT as an invalid token", () => {
    const error = rejection("Bearer not-a-jwt");
    assert.equal(error.status, 401);
    assert.equal(error.code, "InvalidAuthenticationToken");
    assert.match(error.message, /JWT/);
    assert.ok(error.headers["WWW-Authenticate"]);
  });

  it("answers an expired token with ExpiredAuthenticationToken and both instants", async () => {
    const token = await tokenWith({ aud: "https://management.azure.com/", exp: nowSeconds - 1 });
    const error = rejection(`Bearer ${token}`);
    assert.equal(error.status, 401);
    assert.equal(error.code, "ExpiredAuthenticationToken");
    assert.match(error.message, /'1\/15\/2025 1:29:59 PM'.*'1\/15\/2025 1:30:00 PM'/);
    assert.ok(error.headers["WWW-Authenticate"]);
  });

  it("treats a token expiring exactly now as expired", async () => {
    const token = await tokenWith({ aud: "https://management.azure.com/", exp: nowSeconds });
    assert.equal(rejection(`Bearer ${token}`).code, "ExpiredAuthenticationToken");
  });

  it("rejects a token without an expiry", async () => {
    const token = await tokenWith({ aud: "https://management.azure.com/" });
    const error = rejection(`Bearer ${token}`);
    assert.equal(error.code, "InvalidAuthenticationToken");
    assert.match(error.message, /exp/);
  });

  it("rejects a token that is not valid yet, allowing five minutes of clock skew", async () => {
    const aud = "https://management.azure.com/";
    const later = await tokenWith({ aud, exp: nowSeconds + 3600, nbf: nowSeconds + 600 });
    assert.equal(rejection(`Bearer ${later}`).code, "InvalidAuthenticationToken");

    const skewed = await tokenWith({ aud, exp: nowSeconds + 3600, nbf: nowSeconds + 200 });
    assert.doesNotThrow(() => verifyBearer(`Bearer ${skewed}`, NOW));
  });

  it("rejects the wrong audience, naming it", async () => {
    const token = await tokenWith({ aud: "https://storage.azure.com/", exp: nowSeconds + 60 });
    const error = rejection(`Bearer ${token}`);
    assert.equal(error.code, "InvalidAuthenticationTokenAudience");
    assert.match(error.message, /'https:\/\/storage\.azure\.com\/'/);
  });

  it("rejects a token without an audience", async () => {
    const token = await tokenWith({ exp: nowSeconds + 60 });
    assert.equal(rejection(`Bearer ${token}`).code, "InvalidAuthenticationTokenAudience");
  });

  it("rejects an 'aud' that is neither a string nor a list of strings as invalid", () => {
    const shapes = ["5", "{}", "[1]", "null", '["https://management.azure.com/", 1]'];
    for (const aud of shapes) {
      const payload = `{"aud": ${aud}, "exp": ${nowSeconds + 60}}`;
      const token = `${part('{"alg":"HS256","typ":"JWT"}')}.${part(payload)}.c2ln`;
      const error = rejection(`Bearer ${token}`);
      assert.equal(error.status, 401, aud);
      assert.equal(error.code, "InvalidAuthenticationToken", aud);
      assert.match(error.message, /its 'aud' claim must be a string or a list of strings/, aud);
    }
  });

  it("rejects a token whose header is not a JSON object naming an algorithm", () => {
    const claims = { aud: "https://management.azure.com/", exp: nowSeconds + 60 };
    const payload = part(JSON.stringify(claims));
    for (const [header, reason] of [
      ["not json", /header is not a JSON object/],
      ["[1,2]", /header is not a JSON object/],
      ["{}", /header has no 'alg'/],
      ['{"alg":""}', /header has no 'alg'/],
    ] as const) {
      const error = rejection(`Bearer ${part(header)}.${payload}.c2ln`);
      assert.equal(error.code, "InvalidAuthenticationToken", header);
      assert.match(error.message, reason, header);
    }
  });

  it("names an 'exp' that is not a number rather than calling it missing", () => {
    const error = rejection(`Bearer ${rawToken('"never"')}`);
    assert.equal(error.code, "InvalidAuthenticationToken");
    assert.match(error.message, /'exp' claim "never" is not a finite number of seconds/);
  });

  it("rejects time claims that are infinite or beyond the year 9999", () => {
    const cases: [string, RegExp][] = [
      [rawToken("1e400"), /'exp' claim Infinity is not a finite number/],
      [rawToken(String(2 ** 60)), /'exp' claim \d+ is outside 0 to 253402300799/],
      [rawToken("253402300800"), /'exp'.*outside/],
      [rawToken("-1"), /'exp'.*outside/],
      [rawToken(String(nowSeconds + 60), ', "nbf": "soon"'), /'nbf' claim "soon"/],
      [rawToken(String(nowSeconds + 60), ', "iat": 1e300'), /'iat' claim 1e\+300 is outside/],
    ];
    for (const [token, reason] of cases) {
      const error = rejection(`Bearer ${token}`);
      assert.equal(error.code, "InvalidAuthenticationToken", token);
      assert.match(error.message, reason);
    }
  });

  it("accepts an expiry at the end of the year 9999", () => {
    assert.doesNotThrow(() => verifyBearer(`Bearer ${rawToken("253402300799")}`, NOW));
  });

  it("accepts the bearer scheme in any casing", async () => {
    const token = await tokenWith({ aud: "https://management.azure.com/", exp: nowSeconds + 60 });
    assert.doesNotThrow(() => verifyBearer(`bearer ${token}`, NOW));
  });
});

describe("mintToken", () => {
  it("mints a management token that verifyBearer accepts", async () => {
    const token = await mintToken({ nowMs: NOW });
    const claims = verifyBearer(`Bearer ${token}`, NOW);

    assert.equal(claims.aud, "https://management.azure.com/");
    assert.match(String(claims.iss), /^https:\/\/sts\.windows\.net\/[0-9a-f-]{36}\/$/);
    assert.equal(claims.iss, `https://sts.windows.net/${String(claims.tid)}/`);
    assert.match(String(claims.oid), /^[0-9a-f-]{36}$/);
    assert.equal(claims.name, "asr-emulator");
    assert.equal(claims.iat, nowSeconds);
    assert.equal(claims.nbf, nowSeconds);
    assert.equal(claims.exp, nowSeconds + 24 * 3600);
    assert.equal(decodeProtectedHeader(token).alg, "HS256");
  });

  it("refuses a lifetime under a second or over a year", async () => {
    for (const lifetimeSeconds of [0, 1.5, 365 * 24 * 3600 + 1, Number.MAX_SAFE_INTEGER]) {
      await assert.rejects(mintToken({ nowMs: NOW, lifetimeSeconds }), RangeError);
    }
  });

  it("honours the lifetime", async () => {
    const token = await mintToken({ nowMs: NOW, lifetimeSeconds: 90 });
    assert.equal(decodeJwt(token).exp, nowSeconds + 90);
    assert.equal(rejection(`Bearer ${token}`, NOW + 90_000).code, "ExpiredAuthenticationToken");
  });
});

describe("emulatorCredential", () => {
  it("reuses its token until it nears expiry, then mints a new one", async () => {
    let now = NOW;
    const credential = emulatorCredential(() => now);

    const first = await credential.getToken("https://management.azure.com/.default");
    assert.equal(first.expiresOnTimestamp, NOW + 24 * 3600 * 1000);
    assert.equal(first.tokenType, "Bearer");

    now += 3600 * 1000;
    const second = await credential.getToken(["https://management.azure.com/.default"]);
    assert.equal(second.token, first.token);

    now = first.expiresOnTimestamp - 60 * 1000;
    const third = await credential.getToken("https://management.azure.com/.default");
    assert.notEqual(third.token, first.token);
    assert.ok(third.expiresOnTimestamp > first.expiresOnTimestamp);
    assert.doesNotThrow(() => verifyBearer(`Bearer ${third.token}`, now));
  });
});
