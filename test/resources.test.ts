// Resource groups and vaults through HTTP, on the SQLite store in memory.

import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";

import type { FastifyInstance } from "fastify";
import { pino } from "pino";

import { mintToken } from "../src/arm/auth.js";
import { resolveConfig } from "../src/config.js";
import { buildServer } from "../src/http/server.js";
import { resourceGroupRoutes } from "../src/routes/resourceGroups.js";
import { vaultRoutes } from "../src/routes/vaults.js";
import { openSqliteStore } from "../src/store/sqlite.js";
import type { Store } from "../src/store/store.js";

const SUB = "0d7c4f4e-1b39-4b1f-8d0a-6a8f5a1c2e3d";
const RG_API = "api-version=2024-11-01";
const VAULT_API = "api-version=2023-04-01";
const groupUrl = (name: string) => `/subscriptions/${SUB}/resourcegroups/${name}`;
const vaultsUrl = (group: string) =>
  `${groupUrl(group)}/providers/Microsoft.RecoveryServices/vaults`;

let store: Store;
let app: FastifyInstance;
let authorization: string;

async function serve(withStore: Store): Promise<FastifyInstance> {
  return buildServer({
    config: resolveConfig({ silent: true }),
    logger: pino({ level: "silent" }),
    modules: [resourceGroupRoutes(withStore), vaultRoutes(withStore)],
  });
}

beforeEach(async () => {
  store = await openSqliteStore({ file: ":memory:" });
  app = await serve(store);
  authorization = `Bearer ${await mintToken({ nowMs: Date.now() })}`;
});

afterEach(async () => {
  await app.close();
  await store.close();
});

async function call(method: "GET" | "PUT" | "DELETE", url: string, body?: unknown) {
  const res = await app.inject({
    method,
    url,
    headers: {
      authorization,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    payload: body === undefined ? undefined : JSON.stringify(body),
  });
  return {
    status: res.statusCode,
    body: res.body === "" ? undefined : (res.json() as Record<string, unknown>),
  };
}

function errorCode(body: Record<string, unknown> | undefined): string {
  return (body?.error as { code: string }).code;
}

function errorMessage(body: Record<string, unknown> | undefined): string {
  return (body?.error as { message: string }).message;
}

describe("resource groups", () => {
  it("creates with 201, updates with 200 and reads back", async () => {
    const created = await call("PUT", `${groupUrl("Rg-One")}?${RG_API}`, {
      location: "West Europe",
      tags: { env: "test" },
    });
    assert.equal(created.status, 201);
    assert.deepEqual(created.body, {
      id: `/subscriptions/${SUB}/resourceGroups/Rg-One`,
      name: "Rg-One",
      type: "Microsoft.Resources/resourceGroups",
      location: "westeurope",
      tags: { env: "test" },
      properties: { provisioningState: "Succeeded" },
    });

    const updated = await call("PUT", `${groupUrl("rg-one")}?${RG_API}`, {
      location: "westeurope",
    });
    assert.equal(updated.status, 200);
    assert.equal(updated.body?.name, "Rg-One", "the first casing is kept");
    assert.deepEqual(updated.body?.tags, {});

    const read = await call("GET", `/Subscriptions/${SUB}/resourceGroups/RG-ONE?${RG_API}`);
    assert.equal(read.status, 200);
    assert.equal(read.body?.id, `/subscriptions/${SUB}/resourceGroups/Rg-One`);
  });

  it("answers ResourceGroupNotFound for a missing group", async () => {
    const res = await call("GET", `${groupUrl("ghost")}?${RG_API}`);
    assert.equal(res.status, 404);
    assert.equal(errorCode(res.body), "ResourceGroupNotFound");
    assert.match(errorMessage(res.body), /'ghost'/);
  });

  it("answers HEAD (check existence) with 204 for a group and 404 without one", async () => {
    await call("PUT", `${groupUrl("rg-here")}?${RG_API}`, { location: "westus" });
    for (const [name, status] of [
      ["RG-HERE", 204],
      ["ghost", 404],
    ] as const) {
      const res = await app.inject({
        method: "HEAD",
        url: `${groupUrl(name)}?${RG_API}`,
        headers: { authorization },
      });
      assert.equal(res.statusCode, status, name);
      assert.equal(res.body, "");
    }
  });

  it("deletes with 200, then 204 when there is nothing left", async () => {
    await call("PUT", `${groupUrl("rg")}?${RG_API}`, { location: "westus" });
    assert.equal((await call("DELETE", `${groupUrl("rg")}?${RG_API}`)).status, 200);
    assert.equal((await call("GET", `${groupUrl("rg")}?${RG_API}`)).status, 404);
    assert.equal((await call("DELETE", `${groupUrl("rg")}?${RG_API}`)).status, 204);
  });

  it("rejects a body without a location, or with bad tags, naming the field", async () => {
    const noLocation = await call("PUT", `${groupUrl("rg")}?${RG_API}`, { tags: {} });
    assert.equal(noLocation.status, 400);
    assert.equal(errorCode(noLocation.body), "InvalidRequestContent");
    assert.match(errorMessage(noLocation.body), /'location'/);

    const badTags = await call("PUT", `${groupUrl("rg")}?${RG_API}`, {
      location: "westus",
      tags: { n: 1 },
    });
    assert.equal(badTags.status, 400);
    assert.match(errorMessage(badTags.body), /'tags\.n'/);

    const notObject = await call("PUT", `${groupUrl("rg")}?${RG_API}`, ["westus"]);
    assert.equal(notObject.status, 400);
    assert.match(errorMessage(notObject.body), /JSON object/);
  });

  it("checks the resource group api-versions", async () => {
    const res = await call("GET", `${groupUrl("rg")}?api-version=2021-08-01-x`);
    assert.equal(res.status, 400);
    assert.equal(errorCode(res.body), "InvalidApiVersionParameter");
    assert.match(errorMessage(res.body), /2024-11-01/);
  });
});

describe("vaults", () => {
  beforeEach(async () => {
    await call("PUT", `${groupUrl("Rg1")}?${RG_API}`, { location: "westus" });
  });

  it("creates with 201, updates with 200 and reads back in any casing", async () => {
    const created = await call("PUT", `${vaultsUrl("rg1")}/Vault-1?${VAULT_API}`, {
      location: "westus",
      sku: { name: "RS0" },
      tags: { a: "b" },
      properties: { publicNetworkAccess: "Enabled" },
    });
    assert.equal(created.status, 201);
    assert.deepEqual(created.body, {
      id:
        `/subscriptions/${SUB}/resourceGroups/Rg1/providers/Microsoft.RecoveryServices/` +
        "vaults/Vault-1",
      name: "Vault-1",
      type: "Microsoft.RecoveryServices/vaults",
      location: "westus",
      tags: { a: "b" },
      sku: { name: "RS0", tier: "Standard" },
      properties: { provisioningState: "Succeeded" },
    });

    const updated = await call("PUT", `${vaultsUrl("RG1")}/vault-1?${VAULT_API}`, {
      location: "westus",
    });
    assert.equal(updated.status, 200);
    assert.equal(updated.body?.name, "Vault-1");
    assert.deepEqual(updated.body?.sku, { name: "Standard", tier: "Standard" });

    const url =
      `/SUBSCRIPTIONS/${SUB}/RESOURCEGROUPS/rg1/PROVIDERS/microsoft.recoveryservices/VAULTS/` +
      `VAULT-1?${VAULT_API}`;
    const read = await call("GET", url);
    assert.equal(read.status, 200);
    assert.equal(read.body?.name, "Vault-1");
  });

  it("answers ResourceNotFound for a missing vault", async () => {
    const res = await call("GET", `${vaultsUrl("rg1")}/nothing?${VAULT_API}`);
    assert.equal(res.status, 404);
    assert.equal(errorCode(res.body), "ResourceNotFound");
    assert.match(errorMessage(res.body), /Microsoft\.RecoveryServices\/vaults\/nothing/);
  });

  it("answers ResourceGroupNotFound for every method under a missing group", async () => {
    for (const method of ["GET", "PUT", "DELETE"] as const) {
      const body = method === "PUT" ? { location: "westus" } : undefined;
      const res = await call(method, `${vaultsUrl("ghost")}/v1?${VAULT_API}`, body);
      assert.equal(res.status, 404, method);
      assert.equal(errorCode(res.body), "ResourceGroupNotFound", method);
    }
    const list = await call("GET", `${vaultsUrl("ghost")}?${VAULT_API}`);
    assert.equal(errorCode(list.body), "ResourceGroupNotFound");
  });

  it("rejects names that break the vault naming rule", async () => {
    for (const name of ["1vault", "v", "v_1", "a".repeat(51), "-vault"]) {
      const res = await call("PUT", `${vaultsUrl("rg1")}/${name}?${VAULT_API}`, {
        location: "westus",
      });
      assert.equal(res.status, 400, name);
      assert.equal(errorCode(res.body), "InvalidRequestContent", name);
    }
    const longest = await call("PUT", `${vaultsUrl("rg1")}/v${"a".repeat(49)}?${VAULT_API}`, {
      location: "westus",
    });
    assert.equal(longest.status, 201);
  });

  it("rejects an unknown sku, naming the field", async () => {
    const res = await call("PUT", `${vaultsUrl("rg1")}/v1?${VAULT_API}`, {
      location: "westus",
      sku: { name: "Premium" },
    });
    assert.equal(res.status, 400);
    assert.match(errorMessage(res.body), /'sku\.name'/);
  });

  it("deletes with 200, then 204", async () => {
    await call("PUT", `${vaultsUrl("rg1")}/v1?${VAULT_API}`, { location: "westus" });
    assert.equal((await call("DELETE", `${vaultsUrl("rg1")}/v1?${VAULT_API}`)).status, 200);
    assert.equal((await call("GET", `${vaultsUrl("rg1")}/v1?${VAULT_API}`)).status, 404);
    assert.equal((await call("DELETE", `${vaultsUrl("rg1")}/v1?${VAULT_API}`)).status, 204);
  });

  it("goes away with its resource group", async () => {
    await call("PUT", `${vaultsUrl("rg1")}/v1?${VAULT_API}`, { location: "westus" });
    assert.equal((await call("DELETE", `${groupUrl("rg1")}?${RG_API}`)).status, 200);

    await call("PUT", `${groupUrl("rg1")}?${RG_API}`, { location: "westus" });
    const res = await call("GET", `${vaultsUrl("rg1")}/v1?${VAULT_API}`);
    assert.equal(res.status, 404);
    assert.equal(errorCode(res.body), "ResourceNotFound");
  });

  it("checks the vault api-versions", async () => {
    const res = await call("GET", `${vaultsUrl("rg1")}/v1?api-version=2016-08-10`);
    assert.equal(res.status, 400);
    assert.equal(errorCode(res.body), "InvalidApiVersionParameter");
    assert.match(errorMessage(res.body), /Microsoft\.RecoveryServices\/vaults/);
  });

  it("lists a group's vaults", async () => {
    const first = await call("PUT", `${vaultsUrl("rg1")}/v1?${VAULT_API}`, { location: "westus" });
    const second = await call("PUT", `${vaultsUrl("rg1")}/v2?${VAULT_API}`, { location: "westus" });
    const res = await call("GET", `${vaultsUrl("RG1")}?${VAULT_API}`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { value: [first.body, second.body] });
  });
});
