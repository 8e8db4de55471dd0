// The request pipeline: ids on every response, ARM's error envelope for each kind of failure,
// the api-version and token checks, body limits and parsing, and path matching.

import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { connect, type AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { describe, it } from "node:test";

import type { FastifyInstance } from "fastify";
import { SignJWT } from "jose";
import { pino } from "pino";

import { errors } from "../src/arm/errors.js";
import { mintToken } from "../src/arm/auth.js";
import { resolveConfig, type EmulatorOptions } from "../src/config.js";
import type { RouteModule } from "../src/http/router.js";
import { buildServer } from "../src/http/server.js";
import { catchAllRoutes } from "../src/routes/catchAll.js";
import { healthRoutes } from "../src/routes/health.js";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const GROUP = "/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName";
const VERSIONS = ["2021-08-01", "2023-04-01-preview"];

/** Routes that expose what the pipeline hands to handlers. */
const testRoutes: RouteModule = (router) => {
  router.route(
    GROUP,
    {
      GET: async (request) => ({ params: request.params, arm: request.arm }),
      PUT: async (request) => ({ body: request.body ?? null }),
    },
    { apiVersions: VERSIONS, resourceType: "Test/things" },
  );
  router.route(
    "/own-request-id",
    {
      GET: async (_request, reply) => reply.header("x-ms-request-id", "/my/own/id").send({}),
    },
    { apiVersions: null, resourceType: "Test/things" },
  );
  router.route(
    "/anonymous",
    { GET: async () => ({ ok: true }) },
    { apiVersions: null, resourceType: "Test/things", auth: false },
  );
  router.route(
    "/boom",
    {
      GET: async () => {
        throw new Error("secret internals at line 42");
      },
    },
    { apiVersions: null, resourceType: "Test/things" },
  );
  router.route(
    "/site-recovery-error",
    {
      GET: async () => {
        throw errors.jobNotFound("job-1");
      },
    },
    { apiVersions: null, resourceType: "Test/things" },
  );
};

interface Built {
  app: FastifyInstance;
  logLines: () => Record<string, unknown>[];
}

async function build(options: EmulatorOptions = {}, modules = [testRoutes]): Promise<Built> {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      done();
    },
  });
  const logger = pino({ level: "info" }, sink);
  const app = await buildServer({ config: resolveConfig(options), logger, modules });
  const logLines = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { app, logLines };
}

async function bearer(nowMs = Date.now()): Promise<string> {
  return `Bearer ${await mintToken({ nowMs })}`;
}

function errorOf(body: string): { code: string; message: string; details?: unknown[] } {
  const parsed = JSON.parse(body) as { error: { code: string; message: string } };
  assert.deepEqual(Object.keys(parsed), ["error"]);
  return parsed.error;
}

const GROUP_URL = "/subscriptions/sub-1/resourceGroups/rg-1";

describe("request ids", () => {
  it("sets a new request id and correlation id on a success", async () => {
    const { app } = await build();
    const res = await app.inject({
      url: `${GROUP_URL}?api-version=2021-08-01`,
      headers: { authorization: await bearer() },
    });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers["x-ms-request-id"]), GUID);
    assert.match(String(res.headers["x-ms-correlation-request-id"]), GUID);
    assert.notEqual(res.headers["x-ms-request-id"], res.headers["x-ms-correlation-request-id"]);
    assert.equal(res.headers["cache-control"], "no-cache");
    assert.equal(res.headers["pragma"], "no-cache");
    assert.equal(res.headers["expires"], "-1");
    assert.equal(res.headers["x-ms-client-request-id"], undefined);
    const { arm } = res.json() as { arm: { requestId: string; clientRequestId: unknown } };
    assert.equal(arm.requestId, res.headers["x-ms-request-id"]);
    assert.equal(arm.clientRequestId, null);
  });

  it("echoes the caller's correlation and client request ids", async () => {
    const { app } = await build();
    const res = await app.inject({
      url: `${GROUP_URL}?api-version=2021-08-01`,
      headers: {
        authorization: await bearer(),
        "x-ms-correlation-request-id": "corr-123",
        "x-ms-client-request-id": "client-456",
      },
    });
    assert.equal(res.headers["x-ms-correlation-request-id"], "corr-123");
    assert.equal(res.headers["x-ms-client-request-id"], "client-456");
    const { arm } = res.json() as { arm: { correlationId: string; clientRequestId: string } };
    assert.equal(arm.correlationId, "corr-123");
    assert.equal(arm.clientRequestId, "client-456");
  });

  it("keeps a request id set by the handler", async () => {
    const { app } = await build();
    const res = await app.inject({
      url: "/own-request-id",
      headers: { authorization: await bearer() },
    });
    assert.equal(res.headers["x-ms-request-id"], "/my/own/id");
  });

  it("sets the ids on errors and on unknown paths", async () => {
    const { app } = await build();
    for (const url of ["/nowhere/at/all", GROUP_URL]) {
      const res = await app.inject({ url, headers: { "x-ms-client-request-id": "c-1" } });
      assert.ok(res.statusCode >= 400);
      assert.match(String(res.headers["x-ms-request-id"]), GUID);
      assert.match(String(res.headers["x-ms-correlation-request-id"]), GUID);
      assert.equal(res.headers["x-ms-client-request-id"], "c-1");
    }
  });

  it("reports the base URL from the Host header", async () => {
    const { app } = await build();
    const res = await app.inject({
      url: `${GROUP_URL}?api-version=2021-08-01`,
      headers: { authorization: await bearer(), host: "localhost:9443" },
    });
    const { arm } = res.json() as { arm: { baseUrl: string } };
    assert.equal(arm.baseUrl, "http://localhost:9443");
  });
});

describe("routing", () => {
  it("answers an unknown path with a 404 envelope", async () => {
    const { app } = await build();
    const res = await app.inject({ method: "POST", url: "/nowhere?x=1" });
    assert.equal(res.statusCode, 404);
    assert.match(String(res.headers["content-type"]), /^application\/json/);
    const error = errorOf(res.body);
    assert.equal(error.code, "NotFound");
    assert.match(error.message, /POST '\/nowhere'/);
  });

  it("matches fixed segments in any casing and keeps the parameters' casing", async () => {
    const { app } = await build();
    const res = await app.inject({
      url: "/SUBSCRIPTIONS/Sub-ABC/RESOURCEGROUPS/My-Group/?api-version=2021-08-01",
      headers: { authorization: await bearer() },
    });
    assert.equal(res.statusCode, 200);
    const { params } = res.json() as { params: Record<string, string> };
    assert.deepEqual(params, { subscriptionId: "Sub-ABC", resourceGroupName: "My-Group" });
  });

  it("answers a known path with an unsupported method with 405 and Allow", async () => {
    const { app } = await build();
    const res = await app.inject({
      method: "DELETE",
      url: `${GROUP_URL}?api-version=2021-08-01`,
      headers: { authorization: await bearer() },
    });
    assert.equal(res.statusCode, 405);
    assert.equal(res.headers.allow, "GET, PUT");
    assert.equal(errorOf(res.body).code, "MethodNotAllowed");
  });

  it("answers 501 for a Site Recovery type that is not emulated, in any casing", async () => {
    const { app, logLines } = await build({}, [catchAllRoutes()]);
    const vault =
      "/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v";
    for (const path of ["replicationFabrics", "REPLICATIONPOLICIES/p1/x", "backupJobs"]) {
      const res = await app.inject({
        method: "GET",
        url: `${vault}/${path}?api-version=2021-08-01`,
        headers: { authorization: await bearer() },
      });
      assert.equal(res.statusCode, 501, path);
      const error = errorOf(res.body);
      assert.equal(error.code, "NotImplemented");
      assert.match(error.message, /not emulated/);
    }
    // A 501 is an answer, not a failure: nothing is logged as an error.
    assert.deepEqual(
      logLines().filter((line) => Number(line.level) >= 50),
      [],
    );
  });

  it("answers InvalidResourceType for a type Azure does not have", async () => {
    const { app } = await build({}, [catchAllRoutes()]);
    const res = await app.inject({
      url:
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v/" +
        "replicationBananas/b1?api-version=2021-08-01",
      headers: { authorization: await bearer() },
    });
    assert.equal(res.statusCode, 404);
    const error = errorOf(res.body);
    assert.equal(error.code, "InvalidResourceType");
    assert.match(error.message, /replicationBananas/);
  });

  it("answers route-not-found under an emulated type's unknown sub-path", async () => {
    const { app } = await build({}, [catchAllRoutes()]);
    const res = await app.inject({
      url:
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v/" +
        "replicationJobs/j/unknown",
      headers: { authorization: await bearer() },
    });
    assert.equal(res.statusCode, 404);
    assert.equal(errorOf(res.body).code, "NotFound");
  });

  it("asks for a token before answering 501", async () => {
    const { app } = await build({}, [catchAllRoutes()]);
    const res = await app.inject({
      url: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v/x",
    });
    assert.equal(res.statusCode, 401);
  });
});

describe("api-version", () => {
  it("requires one", async () => {
    const { app } = await build();
    const res = await app.inject({ url: GROUP_URL, headers: { authorization: await bearer() } });
    assert.equal(res.statusCode, 400);
    assert.equal(errorOf(res.body).code, "MissingApiVersionParameter");
  });

  it("rejects an unknown one, listing the supported versions", async () => {
    const { app } = await build();
    const res = await app.inject({
      url: `${GROUP_URL}?api-version=2099-01-01`,
      headers: { authorization: await bearer() },
    });
    assert.equal(res.statusCode, 400);
    const error = errorOf(res.body);
    assert.equal(error.code, "InvalidApiVersionParameter");
    assert.match(error.message, /'2099-01-01'/);
    assert.match(error.message, /Test\/things/);
    assert.match(error.message, /2021-08-01,2023-04-01-preview/);
  });

  it("accepts a version in another casing and hands the listed form to the handler", async () => {
    const { app } = await build();
    const res = await app.inject({
      url: `${GROUP_URL}?api-version=2023-04-01-PREVIEW`,
      headers: { authorization: await bearer() },
    });
    assert.equal(res.statusCode, 200);
    const { arm } = res.json() as { arm: { apiVersion: string } };
    assert.equal(arm.apiVersion, "2023-04-01-preview");
  });

  it("reads the parameter's name in any casing", async () => {
    const { app } = await build();
    const res = await app.inject({
      url: `${GROUP_URL}?API-Version=2021-08-01`,
      headers: { authorization: await bearer() },
    });
    assert.equal(res.statusCode, 200);
  });

  it("refuses one given twice instead of using either copy", async () => {
    const { app } = await build();
    for (const query of [
      "api-version=2021-08-01&api-version=garbage",
      "api-version=2021-08-01&Api-Version=2021-08-01",
    ]) {
      const res = await app.inject({
        url: `${GROUP_URL}?${query}`,
        headers: { authorization: await bearer() },
      });
      assert.equal(res.statusCode, 400, query);
      const error = errorOf(res.body);
      assert.equal(error.code, "InvalidQueryParameter");
      assert.match(error.message, /'api-version' was given more than once/);
    }
  });

  it("is not checked on routes that take none", async () => {
    const { app } = await build();
    const res = await app.inject({
      url: "/own-request-id",
      headers: { authorization: await bearer() },
    });
    assert.equal(res.statusCode, 200);
  });
});

describe("authentication", () => {
  it("answers a missing token with 401 and a challenge, before the api-version", async () => {
    const { app } = await build();
    const res = await app.inject({ url: GROUP_URL });
    assert.equal(res.statusCode, 401);
    assert.match(String(res.headers["www-authenticate"]), /^Bearer authorization_uri=/);
    assert.equal(errorOf(res.body).code, "AuthenticationFailed");
  });

  it("rejects a malformed header, a non-JWT and an expired token", async () => {
    const { app } = await build();
    const yesterday = Date.now() - 2 * 24 * 3600 * 1000;
    const cases: [string, string][] = [
      ["Basic dXNlcjpwYXNz", "AuthenticationFailed"],
      ["Bearer not.a.jwt", "InvalidAuthenticationToken"],
      [await bearer(yesterday), "ExpiredAuthenticationToken"],
    ];
    for (const [authorization, code] of cases) {
      const res = await app.inject({ url: "/own-request-id", headers: { authorization } });
      assert.equal(res.statusCode, 401, authorization);
      assert.ok(res.headers["www-authenticate"], `challenge for ${code}`);
      assert.equal(errorOf(res.body).code, code);
    }
  });

  it("rejects a token for another audience, naming it", async () => {
    const { app } = await build();
    const token = await new SignJWT({ aud: "https://vault.azure.net" })
      .setProtectedHeader({ alg: "HS256" })
      .setExpirationTime("1h")
      .sign(randomBytes(32));
    const res = await app.inject({
      url: "/own-request-id",
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(res.statusCode, 401);
    assert.ok(res.headers["www-authenticate"]);
    const error = errorOf(res.body);
    assert.equal(error.code, "InvalidAuthenticationTokenAudience");
    assert.match(error.message, /'https:\/\/vault\.azure\.net'/);
  });

  it("lets a route opt out", async () => {
    const { app } = await build();
    const res = await app.inject({ url: "/anonymous" });
    assert.equal(res.statusCode, 200);
  });

  it("runs before the body is read, so an anonymous oversized body gets a 401", async () => {
    const { app } = await build();
    const res = await app.inject({
      method: "PUT",
      url: `${GROUP_URL}?api-version=2021-08-01`,
      headers: { "content-type": "application/json" },
      payload: "x".repeat(2 * 1024 * 1024),
    });
    assert.equal(res.statusCode, 401);
  });
});

describe("request bodies", () => {
  async function put(payload: string, contentType?: string) {
    const { app } = await build();
    return app.inject({
      method: "PUT",
      url: `${GROUP_URL}?api-version=2021-08-01`,
      headers: {
        authorization: await bearer(),
        ...(contentType ? { "content-type": contentType } : {}),
      },
      payload,
    });
  }

  it("parses JSON with a charset", async () => {
    const res = await put('{"location":"westus"}', "application/json; charset=utf-8");
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { body: { location: "westus" } });
  });

  it("treats an empty JSON body as no body", async () => {
    const res = await put("", "application/json");
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { body: null });
  });

  it("answers 400 InvalidRequestContent for invalid JSON", async () => {
    const res = await put('{"location":', "application/json");
    assert.equal(res.statusCode, 400);
    const error = errorOf(res.body);
    assert.equal(error.code, "InvalidRequestContent");
    assert.match(error.message, /not valid JSON/);
    assert.match(String(res.headers["x-ms-request-id"]), GUID);
  });

  it("answers 415 for a body that is not JSON", async () => {
    const res = await put("location=westus", "application/x-www-form-urlencoded");
    assert.equal(res.statusCode, 415);
    const error = errorOf(res.body);
    assert.equal(error.code, "UnsupportedMediaType");
    assert.match(error.message, /application\/x-www-form-urlencoded/);
  });

  it("answers 415 for a body without a content type", async () => {
    const res = await put("hello");
    assert.equal(res.statusCode, 415);
  });

  it("answers 413 for a body over 1 MiB", async () => {
    const body = JSON.stringify({ location: "x".repeat(1024 * 1024) });
    const res = await put(body, "application/json");
    assert.equal(res.statusCode, 413);
    assert.equal(errorOf(res.body).code, "RequestEntityTooLarge");
    assert.match(String(res.headers["x-ms-request-id"]), GUID);
  });

  it("accepts a body just under 1 MiB", async () => {
    const body = JSON.stringify({ location: "x".repeat(1024 * 1024 - 100) });
    const res = await put(body, "application/json");
    assert.equal(res.statusCode, 200);
  });
});

describe("error rendering", () => {
  it("hides an unexpected failure behind a 500 and logs it with the request id", async () => {
    const { app, logLines } = await build();
    const res = await app.inject({ url: "/boom", headers: { authorization: await bearer() } });
    assert.equal(res.statusCode, 500);
    const error = errorOf(res.body);
    assert.equal(error.code, "InternalServerError");
    assert.doesNotMatch(res.body, /secret internals|at .*\.ts/);

    const logged = logLines().find((line) => line.level === 50);
    assert.ok(logged, "an error line is logged");
    assert.equal(logged.requestId, res.headers["x-ms-request-id"]);
    assert.match(JSON.stringify(logged.err), /secret internals/);
  });

  it("adds Site Recovery details with the client request id and activity id", async () => {
    const { app } = await build();
    const res = await app.inject({
      url: "/site-recovery-error",
      headers: {
        authorization: await bearer(),
        "x-ms-client-request-id": "client-9",
        "x-ms-correlation-request-id": "corr-9",
      },
    });
    assert.equal(res.statusCode, 404);
    const error = errorOf(res.body);
    assert.equal(error.code, "NotFound");
    assert.deepEqual(error.details, [
      {
        code: "ArmResourceDoesNotExist",
        message: error.message,
        possibleCauses: "Ensure correct resource name was specified.",
        recommendedAction: "Verify ARM resource name details.",
        clientRequestId: "client-9",
        activityId: "corr-9",
      },
    ]);
  });

  it("gives ARM-level errors no details", async () => {
    const { app } = await build();
    const res = await app.inject({ url: GROUP_URL });
    assert.equal(errorOf(res.body).details, undefined);
  });
});

describe("logging switches", () => {
  it("logs request lines at debug level only with debug on", async () => {
    const quiet = await build();
    await quiet.app.inject({ url: "/anonymous" });
    assert.equal(quiet.logLines().length, 0);

    const chatty = await build({ debug: true });
    await chatty.app.inject({ url: "/anonymous" });
    const line = chatty.logLines().find((entry) => entry.msg === "request completed");
    assert.ok(line);
    assert.match(String(line.requestId), GUID);
  });

  it("logs nothing at all when silent, not even failures", async () => {
    const { app, logLines } = await build({ silent: true });
    await app.inject({ url: "/boom", headers: { authorization: await bearer() } });
    assert.equal(logLines().length, 0);
  });
});

describe("health", () => {
  it("answers ok with the given info, behind the token check", async () => {
    const { app } = await build({}, [healthRoutes(() => ({ version: "test" }))]);
    const anonymous = await app.inject({ url: "/_emulator/health" });
    assert.equal(anonymous.statusCode, 401);

    const res = await app.inject({
      url: "/_emulator/health",
      headers: { authorization: await bearer() },
    });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { status: "ok", version: "test" });
  });
});

describe("requests Node refuses before routing", () => {
  /** Writes raw bytes to a listening server and returns everything it answers. */
  async function rawExchange(app: FastifyInstance, bytes: string): Promise<string> {
    const { port } = app.server.address() as AddressInfo;
    const socket = connect(port, "127.0.0.1");
    let answer = "";
    socket.on("data", (chunk: Buffer) => (answer += chunk.toString("utf8")));
    socket.on("error", () => undefined);
    socket.write(bytes);
    await once(socket, "close");
    return answer;
  }

  async function listening(): Promise<FastifyInstance> {
    const { app } = await build({ http: true });
    await app.listen({ host: "127.0.0.1", port: 0 });
    return app;
  }

  function envelopeOf(answer: string): { status: number; error: { code: string } } {
    const [head = "", body = ""] = answer.split("\r\n\r\n");
    assert.match(head, /^HTTP\/1\.1 \d{3} /);
    assert.match(head, /\r\ncontent-type: application\/json/i);
    assert.match(head, /\r\nx-ms-request-id: [0-9a-f-]{36}\r\n/i);
    assert.doesNotMatch(body, /\n\s+at |statusCode/);
    return { status: Number(head.slice(9, 12)), error: errorOf(body) };
  }

  it("answers a URL over the header limit with 431 in ARM's envelope", async () => {
    const app = await listening();
    try {
      const url = `${GROUP_URL}?api-version=2021-08-01&x=${"a".repeat(20_000)}`;
      const answer = await rawExchange(app, `GET ${url} HTTP/1.1\r\nHost: x\r\n\r\n`);
      const { status, error } = envelopeOf(answer);
      assert.equal(status, 431);
      assert.equal(error.code, "RequestHeaderFieldsTooLarge");
    } finally {
      await app.close();
    }
  });

  it("answers a garbled request line with 400 in ARM's envelope", async () => {
    const app = await listening();
    try {
      const { status, error } = envelopeOf(await rawExchange(app, "NOT HTTP AT ALL\r\n\r\n"));
      assert.equal(status, 400);
      assert.equal(error.code, "BadRequest");
    } finally {
      await app.close();
    }
  });

  it("answers a path segment over the router's parameter limit in the envelope", async () => {
    const { app } = await build();
    for (const length of [101, 600, 10_000]) {
      const res = await app.inject({
        url: `/subscriptions/s/resourceGroups/${"g".repeat(length)}?api-version=2021-08-01`,
        headers: { authorization: await bearer() },
      });
      assert.match(String(res.headers["content-type"]), /^application\/json/, `${length}`);
      assert.ok(res.headers["x-ms-request-id"]);
      if (length <= 500) assert.equal(res.statusCode, 200, `${length}`);
      else assert.equal(errorOf(res.body).code, "NotFound", `${length}`);
    }
  });
});

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("while the server closes", () => {
  it("answers a request that arrives then with ARM's 503, ids included", async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const slowRoutes: RouteModule = (router) => {
      router.route(
        "/slow",
        { GET: async () => held.then(() => ({ done: true })) },
        { apiVersions: null, resourceType: "Test/slow", auth: false },
      );
      router.route(
        "/fast",
        { GET: async () => ({ done: true }) },
        { apiVersions: null, resourceType: "Test/fast", auth: false },
      );
    };
    const { app } = await build({}, [slowRoutes]);
    await app.listen({ host: "127.0.0.1", port: 0 });
    const { port } = app.server.address() as AddressInfo;

    // Two requests pipelined on one connection: the second is read after close() has begun.
    const socket = connect(port, "127.0.0.1");
    await once(socket, "connect");
    let received = "";
    socket.on("data", (chunk: Buffer) => (received += chunk.toString("utf8")));
    socket.write("GET /slow HTTP/1.1\r\nHost: localhost\r\n\r\n");
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closed = app.close();
    socket.write("GET /fast HTTP/1.1\r\nHost: localhost\r\n\r\n");
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await closed;
    if (!socket.closed) await Promise.race([once(socket, "close"), delay(500)]);
    socket.destroy();

    const answers = received.split(/(?=HTTP\/1\.1 )/);
    assert.match(answers[0] ?? "", /^HTTP\/1\.1 200/);
    const second = answers[1] ?? "";
    assert.match(second, /^HTTP\/1\.1 503/);
    assert.match(second, /x-ms-request-id: /i);
    assert.match(second, /"code":"ServiceUnavailable"/);
  });
});
