// Bearer-token checks in the order Azure Resource Manager applies them, so a client with a
// missing, garbled, expired or mis-scoped token fails here the way it would against Azure.
// Signatures are not verified yet: any well-formed token for the management audience is
// accepted, which lets tests mint their own tokens without a key exchange.

import { randomBytes } from "node:crypto";
import { SignJWT, decodeJwt, decodeProtectedHeader, type JWTPayload } from "jose";

import { errors } from "./errors.js";

/** Audiences ARM accepts: the two names of the management endpoint, with or without a slash. */
const MANAGEMENT_AUDIENCES = new Set([
  "https://management.azure.com",
  "https://management.azure.com/",
  "https://management.core.windows.net",
  "https://management.core.windows.net/",
]);

/** Azure AD tolerates this much clock difference before a token counts as not yet valid. */
const NOT_BEFORE_SKEW_SECONDS = 300;

const BEARER = /^Bearer +(\S+)$/i;

/** Returns the token's claims when the Authorization header would pass ARM's checks. */
export function verifyBearer(header: string | undefined, nowMs: number): JWTPayload {
  if (header === undefined || header.trim() === "") throw errors.missingAuthorization();

  const match = BEARER.exec(header.trim());
  if (!match?.[1]) throw errors.malformedAuthorization();

  const claims = decodeClaims(match[1]);
  checkHeader(match[1]);
  checkLifetime(claims, nowMs);
  checkAudience(claims);
  return claims;
}

function decodeClaims(token: string): JWTPayload {
  try {
    return decodeJwt(token);
  } catch (cause) {
    throw errors.invalidToken(`it could not be decoded as a JWT (${reasonOf(cause)}).`);
  }
}

/** Signatures are not checked, but a header that is not JSON naming an algorithm is garbage. */
function checkHeader(token: string): void {
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(token);
  } catch (cause) {
    throw errors.invalidToken(`its header is not a JSON object (${reasonOf(cause)}).`);
  }
  if (typeof header.alg !== "string" || header.alg === "") {
    throw errors.invalidToken("its header has no 'alg'.");
  }
}

function reasonOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

/** 9999-12-31T23:59:59Z: the last instant .NET (and so Azure) can represent. */
const LAST_NUMERIC_DATE = 253_402_300_799;

/**
 * Throws unless a time claim, when present, is a NumericDate Azure could handle: a finite
 * number of seconds from 1970 to the year 9999. Beyond that the expiry arithmetic is meaningless.
 */
function checkNumericDate(claims: JWTPayload, name: "exp" | "nbf" | "iat"): void {
  const value: unknown = claims[name];
  if (value === undefined) return;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    // JSON has no Infinity, but 1e400 parses to it; stringified it would read "null".
    const shown = typeof value === "number" ? String(value) : JSON.stringify(value).slice(0, 40);
    throw errors.invalidToken(`its '${name}' claim ${shown} is not a finite number of seconds.`);
  }
  if (value < 0 || value > LAST_NUMERIC_DATE) {
    throw errors.invalidToken(
      `its '${name}' claim ${value} is outside 0 to ${LAST_NUMERIC_DATE} (the year 9999).`,
    );
  }
}

function checkLifetime(claims: JWTPayload, nowMs: number): void {
  for (const name of ["exp", "nbf", "iat"] as const) checkNumericDate(claims, name);
  if (claims.exp === undefined) {
    throw errors.invalidToken("it has no 'exp' claim.");
  }
  if (claims.exp * 1000 <= nowMs) {
    throw errors.expiredToken(dotNetUtc(claims.exp * 1000), dotNetUtc(nowMs));
  }
  if (typeof claims.nbf === "number" && (claims.nbf - NOT_BEFORE_SKEW_SECONDS) * 1000 > nowMs) {
    throw errors.invalidToken(
      `it is not valid before ${new Date(claims.nbf * 1000).toISOString()}.`,
    );
  }
}

function checkAudience(claims: JWTPayload): void {
  const audiences = audiencesOf(claims);
  if (audiences.some((aud) => MANAGEMENT_AUDIENCES.has(aud.toLowerCase()))) return;

  const named = audiences.length > 0 ? audiences.map((aud) => `'${aud}'`).join(", ") : "none";
  // ARM gives a wrong audience a code of its own.
  throw errors.wrongAudience(named, [...MANAGEMENT_AUDIENCES].map((aud) => `'${aud}'`).join(","));
}

/**
 * The `aud` claim as a list. jose's decodeJwt does not check claim types, so a number, an object
 * or a list holding non-strings arrives here as is; it is a malformed token, not a wrong audience.
 */
function audiencesOf(claims: JWTPayload): string[] {
  const aud: unknown = claims.aud;
  if (aud === undefined) return [];
  if (typeof aud === "string") return [aud];
  if (Array.isArray(aud) && aud.every((item) => typeof item === "string")) return aud;
  throw errors.invalidToken("its 'aud' claim must be a string or a list of strings.");
}

/** ARM writes instants in its expiry message the way .NET prints them: 1/5/2024 3:04:05 PM. */
function dotNetUtc(ms: number): string {
  const d = new Date(ms);
  const hour12 = d.getUTCHours() % 12 === 0 ? 12 : d.getUTCHours() % 12;
  const pad = (n: number) => String(n).padStart(2, "0");
  const time = `${hour12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const date = `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}`;
  return `${date} ${time} ${d.getUTCHours() < 12 ? "AM" : "PM"}`;
}

/** The emulator's own tenant and principal, stable so tokens minted by any run look alike. */
export const EMULATOR_TENANT_ID = "8f3b4c2e-7a61-4d0f-9b5e-2c1d6a7e9f30";
export const EMULATOR_OBJECT_ID = "3d9e1a47-52c8-4b6f-a0e2-7f4c8b1d5e69";

const DEFAULT_LIFETIME_SECONDS = 24 * 60 * 60;
/** One year: longer-lived tokens are a mistake, and the expiry must stay a sane NumericDate. */
export const MAX_LIFETIME_SECONDS = 365 * 24 * 60 * 60;

// Signatures are not checked, so the key only has to make the token well-formed.
const signingKey = randomBytes(32);

export interface MintOptions {
  lifetimeSeconds?: number;
  nowMs: number;
}

/** A token shaped like one Azure AD issues for the management endpoint. */
export async function mintToken(options: MintOptions): Promise<string> {
  const lifetime = options.lifetimeSeconds ?? DEFAULT_LIFETIME_SECONDS;
  if (!Number.isSafeInteger(lifetime) || lifetime < 1 || lifetime > MAX_LIFETIME_SECONDS) {
    throw new RangeError(`token lifetime must be 1 to ${MAX_LIFETIME_SECONDS} seconds`);
  }
  const issuedAt = Math.floor(options.nowMs / 1000);

  return new SignJWT({
    tid: EMULATOR_TENANT_ID,
    oid: EMULATOR_OBJECT_ID,
    name: "asr-emulator",
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setAudience("https://management.azure.com/")
    .setIssuer(`https://sts.windows.net/${EMULATOR_TENANT_ID}/`)
    .setSubject(EMULATOR_OBJECT_ID)
    .setIssuedAt(issuedAt)
    .setNotBefore(issuedAt)
    .setExpirationTime(issuedAt + lifetime)
    .sign(signingKey);
}

/** The shape of @azure/core-auth's AccessToken, restated so that package is not needed. */
export interface EmulatorAccessToken {
  token: string;
  expiresOnTimestamp: number;
  tokenType: "Bearer";
}

/** Structurally a @azure/core-auth TokenCredential. */
export interface EmulatorCredential {
  getToken(scopes: string | string[]): Promise<EmulatorAccessToken>;
}

/** Refresh this long before expiry, as Azure Identity's credentials do. */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;

/** A credential for Azure SDK clients pointed at the emulator; `now` is the wall clock. */
export function emulatorCredential(now: () => number = Date.now): EmulatorCredential {
  let cached: EmulatorAccessToken | undefined;

  return {
    async getToken() {
      const nowMs = now();
      if (cached && cached.expiresOnTimestamp - REFRESH_MARGIN_MS > nowMs) return cached;

      const token = await mintToken({ nowMs });
      const expiresOnTimestamp = (decodeJwt(token).exp ?? 0) * 1000;
      cached = { token, expiresOnTimestamp, tokenType: "Bearer" };
      return cached;
    },
  };
}
