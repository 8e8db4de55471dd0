// The `$skipToken` of list responses, as ARM's nextLink carries it. To a client the token is
// opaque; to the emulator it is a signed position in the vault's job list. The signature stops
// a hand-edited token from reading past a page it was never given, and the token is bound to
// the vault and the `$filter` of the first request, so replaying it elsewhere fails loudly
// instead of returning a page of some other list.

import { createHash, createHmac, timingSafeEqual } from "node:crypto";

import { errors } from "./errors.js";

export interface SkipTokenScope {
  /** Lower-cased ARM id (or other stable key) of the vault being listed. */
  vaultKey: string;
  /** The `$filter` as the request gave it; empty when there was none. */
  filter: string;
}

export interface SkipTokenCodec {
  encode(page: SkipTokenScope & { after: number }): string;
  /** The position to continue after; throws 400 InvalidSkipToken for any other token. */
  decode(token: string, scope: SkipTokenScope): number;
}

interface Payload {
  /** Position of the last job already returned. */
  a: number;
  /** Digests of the vault key and the filter the token belongs to. */
  v: string;
  f: string;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

// A short digest is plenty: the signature, not the digest, is what makes the token unforgeable.
function digest(text: string): string {
  return createHash("sha256").update(text).digest("base64url").slice(0, 22);
}

const scopeOf = (scope: SkipTokenScope) => ({
  v: digest(scope.vaultKey.toLowerCase()),
  f: digest(scope.filter.trim()),
});

const invalid = (why: string) =>
  errors.invalidInput(
    "InvalidSkipToken",
    `The $skipToken is not valid: ${why}`,
    "Follow the nextLink of the previous page as returned, or list again without $skipToken.",
  );

export function createSkipTokenCodec(secret: Buffer): SkipTokenCodec {
  const sign = (payload: string) => createHmac("sha256", secret).update(payload).digest();

  return {
    encode({ after, ...scope }) {
      if (!Number.isSafeInteger(after) || after < 0) {
        throw new RangeError(`a list position must be a whole number, not ${after}`);
      }
      const payload: Payload = { a: after, ...scopeOf(scope) };
      const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
      return `${body}.${sign(body).toString("base64url")}`;
    },

    decode(token, scope) {
      const parts = token.split(".");
      const [body, signature] = parts;
      if (parts.length !== 2 || !body || !signature) throw invalid("it is malformed.");
      if (!BASE64URL.test(body) || !BASE64URL.test(signature)) {
        throw invalid("it is malformed.");
      }

      const expected = sign(body);
      const given = Buffer.from(signature, "base64url");
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw invalid("it was not issued by this emulator or has been altered.");
      }

      const payload = readPayload(body);
      const wanted = scopeOf(scope);
      if (payload.v !== wanted.v) throw invalid("it was issued for another vault.");
      if (payload.f !== wanted.f) throw invalid("it was issued for another $filter.");
      return payload.a;
    },
  };
}

function readPayload(body: string): Payload {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    throw invalid("it is malformed.");
  }
  // Only a payload this module signed gets here, so a bad shape means a change of format.
  const p = value as Partial<Payload> | null;
  const valid =
    typeof p === "object" &&
    p !== null &&
    Number.isSafeInteger(p.a) &&
    typeof p.v === "string" &&
    typeof p.f === "string";
  if (!valid) throw invalid("it is malformed.");
  return p as Payload;
}

/**
 * The absolute link to the next page: the request's own URL with `$skipToken` set. The other
 * query parameters (api-version, `$filter`) are kept exactly as the client encoded them, so the
 * next request carries the same `$filter` the token is bound to.
 */
export function nextLink(requestUrl: URL, token: string): string {
  const kept = requestUrl.search
    .slice(1)
    .split("&")
    .filter((part) => part !== "" && !isSkipToken(part));
  kept.push(`$skipToken=${encodeURIComponent(token)}`);

  const base = new URL(requestUrl.href);
  base.search = "";
  base.hash = "";
  return `${base.href}?${kept.join("&")}`;
}

function isSkipToken(part: string): boolean {
  const name = part.split("=", 1)[0] ?? "";
  try {
    return decodeURIComponent(name.replaceAll("+", " ")).toLowerCase() === "$skiptoken";
  } catch {
    return false;
  }
}
