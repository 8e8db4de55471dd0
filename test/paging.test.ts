import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { ArmError } from "../src/arm/errors.js";
import { createSkipTokenCodec, nextLink } from "../src/arm/paging.js";

const codec = createSkipTokenCodec(Buffer.from("a secret of thirty-two bytes....."));
const VAULT = "/subscriptions/s1/resourcegroups/rg/providers/microsoft.recoveryservices/vaults/v";
const FILTER = "JobStatus eq 'Failed'";
const scope = { vaultKey: VAULT, filter: FILTER };

function rejected(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    assert.ok(error instanceof ArmError, `expected an ArmError, got ${String(error)}`);
    assert.equal(error.status, 400);
    assert.equal(error.detail?.code, "InvalidSkipToken");
    return error.message;
  }
  assert.fail("the token was accepted");
}

describe("skip tokens", () => {
  test("round trip", () => {
    for (const after of [0, 1, 42, 2 ** 40]) {
      const token = codec.encode({ ...scope, after });
      assert.match(token, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
      assert.equal(codec.decode(token, scope), after);
    }
    // Vault ids arrive in whatever case the client wrote.
    const token = codec.encode({ ...scope, after: 7 });
    assert.equal(codec.decode(token, { ...scope, vaultKey: VAULT.toUpperCase() }), 7);
  });

  test("positions must be whole numbers", () => {
    assert.throws(() => codec.encode({ ...scope, after: -1 }), RangeError);
    assert.throws(() => codec.encode({ ...scope, after: 1.5 }), RangeError);
  });

  test("a tampered token is refused", () => {
    const token = codec.encode({ ...scope, after: 5 });
    const [body = "", signature = ""] = token.split(".");

    const forged = Buffer.from(JSON.stringify({ ...decodeBody(body), a: 500 })).toString(
      "base64url",
    );
    assert.match(
      rejected(() => codec.decode(`${forged}.${signature}`, scope)),
      /altered/,
    );

    const first = signature.startsWith("A") ? "B" : "A";
    const flipped = `${first}${signature.slice(1)}`;
    rejected(() => codec.decode(`${body}.${flipped}`, scope));
    rejected(() => codec.decode(`${body}.${signature.slice(0, -2)}`, scope));

    const other = createSkipTokenCodec(Buffer.from("another secret"));
    rejected(() => other.decode(token, scope));
  });

  test("a malformed token is refused", () => {
    for (const token of ["", "abc", "a.b.c", ".x", "x.", "not base64!.sig", "%%%.###"]) {
      assert.match(
        rejected(() => codec.decode(token, scope)),
        /malformed|altered/,
      );
    }
  });

  test("a token from another vault is refused", () => {
    const token = codec.encode({ ...scope, after: 3 });
    const message = rejected(() => codec.decode(token, { ...scope, vaultKey: `${VAULT}2` }));
    assert.match(message, /another vault/);
  });

  test("a token from another $filter is refused", () => {
    const token = codec.encode({ ...scope, after: 3 });
    assert.match(
      rejected(() => codec.decode(token, { ...scope, filter: "" })),
      /another \$filter/,
    );
    const unfiltered = codec.encode({ vaultKey: VAULT, filter: "", after: 3 });
    rejected(() => codec.decode(unfiltered, scope));
  });
});

function decodeBody(body: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Record<string, unknown>;
}

describe("nextLink", () => {
  test("keeps api-version and $filter as sent and adds $skipToken", () => {
    const url = new URL(
      "https://localhost:8443/subscriptions/s1/resourceGroups/rg/providers/" +
        "Microsoft.RecoveryServices/vaults/v/replicationJobs?api-version=2021-08-01" +
        "&$filter=JobStatus%20eq%20'Failed'",
    );
    const link = nextLink(url, "abc.def");
    // The URL parser's own encoding of the query (quotes become %27) is kept untouched.
    assert.equal(link, `${url.href}&$skipToken=abc.def`);
    assert.ok(link.startsWith("https://localhost:8443/subscriptions/s1/resourceGroups/rg/"));
    const parsed = new URL(link);
    assert.equal(parsed.searchParams.get("$filter"), "JobStatus eq 'Failed'");
    assert.equal(parsed.searchParams.get("api-version"), "2021-08-01");
  });

  test("replaces a $skipToken already present, in any case or encoding", () => {
    const url = new URL(
      "https://h/x/replicationJobs?$skiptoken=old&api-version=1&%24skipToken=older#frag",
    );
    const link = new URL(nextLink(url, "new.token"));
    assert.deepEqual(
      [...link.searchParams.entries()],
      [
        ["api-version", "1"],
        ["$skipToken", "new.token"],
      ],
    );
    assert.equal(link.hash, "");
  });

  test("works on a URL without a query", () => {
    assert.equal(nextLink(new URL("https://h/jobs"), "t.s"), "https://h/jobs?$skipToken=t.s");
  });
});
