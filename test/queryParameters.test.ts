// Query parameters as ARM and OData read them: names in any casing, and a parameter given more
// than once refused with a 400 envelope rather than a 500 or one copy silently chosen.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import type { FastifyRequest } from "fastify";

import { ArmError } from "../src/arm/errors.js";
import { queryParam, queryValues } from "../src/http/router.js";
import { API, DEMO_VAULT_PATH, startTestEmulator, type TestEmulator } from "./support/emulator.js";

const JOBS = `${DEMO_VAULT_PATH}/replicationJobs`;

interface ListBody {
  value: { name: string }[];
  nextLink: string | null;
}

function errorOf(json: unknown): { code: string; message: string } {
  return (json as { error: { code: string; message: string } }).error;
}

function requestWith(query: unknown): FastifyRequest {
  return { query } as FastifyRequest;
}

describe("queryParam", () => {
  test("matches the name in any casing", () => {
    assert.equal(queryParam(requestWith({ $SkipToken: "t" }), "$skipToken"), "t");
    assert.equal(queryParam(requestWith({ other: "x" }), "$skipToken"), undefined);
    assert.equal(queryParam(requestWith(undefined), "$filter"), undefined);
  });

  test("refuses a parameter given twice, in one casing or two", () => {
    for (const query of [{ $filter: ["a", "b"] }, { $filter: "a", $FILTER: "b" }]) {
      assert.throws(
        () => queryParam(requestWith(query), "$filter"),
        (error) =>
          error instanceof ArmError && error.status === 400 && /'\$filter'/.test(error.message),
      );
    }
  });

  test("queryValues lists every copy", () => {
    const query = { $FILTER: "a", $filter: ["b", "c"], other: "x" };
    assert.deepEqual(queryValues(query, "$filter"), ["a", "b", "c"]);
  });
});

describe("query parameters on the jobs list", () => {
  let env: TestEmulator;

  before(async () => {
    env = await startTestEmulator({ pageSize: 2 });
  });
  after(async () => env.stop());

  const repeated: [string, string][] = [
    ["$filter", `${API}&$filter=JobStatus eq 'Failed'&$filter=JobStatus eq 'Succeeded'`],
    ["$filter", `${API}&$filter=a&$FILTER=b`],
    ["$skipToken", `${API}&$skipToken=x&$skipToken=y`],
    ["$skipToken", `${API}&$skipToken=x&$skiptoken=y`],
    ["api-version", `${API}&api-version=garbage`],
    ["api-version", `${API}&API-VERSION=2021-08-01`],
  ];

  for (const [name, query] of repeated) {
    test(`refuses ${query} with a 400 naming ${name}`, async () => {
      const answer = await env.send("GET", `${JOBS}?${query}`);
      assert.equal(answer.status, 400, answer.text);
      const error = errorOf(answer.json);
      assert.equal(error.code, "InvalidQueryParameter");
      assert.ok(error.message.includes(`'${name}'`), error.message);
      assert.match(error.message, /more than once/);
    });
  }

  test("reads $filter in any casing", async () => {
    const answer = await env.send("GET", `${JOBS}?${API}&$FILTER=garbage`);
    assert.equal(answer.status, 400);
    assert.match(errorOf(answer.json).message, /garbage/);
  });

  test("reads $skipToken in any casing", async () => {
    const first = (await env.send("GET", `${JOBS}?${API}`)).json as ListBody;
    assert.ok(first.nextLink, "the demo vault fills more than one page of two");
    const next = new URL(first.nextLink);
    const token = next.searchParams.get("$skipToken") ?? "";
    assert.notEqual(token, "");

    const upper = `${JOBS}?${API}&$SKIPTOKEN=${encodeURIComponent(token)}`;
    const second = (await env.send("GET", upper)).json as ListBody;
    const firstNames = first.value.map((job) => job.name);
    assert.equal(second.value.length > 0, true);
    assert.ok(second.value.every((job) => !firstNames.includes(job.name)));
  });
});
