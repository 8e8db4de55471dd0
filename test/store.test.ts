import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";

import Database from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";

import type { JobRecord, OperationRecord, VaultRef } from "../src/jobs/record.js";
import { migrate, migrations, sqliteFlavour, type Tables } from "../src/store/migrations.js";
import { openStore } from "../src/store/open.js";
import { openSqliteStore } from "../src/store/sqlite.js";
import type { JobQuery, Store } from "../src/store/store.js";

const VAULT: VaultRef = { subscriptionId: "Sub-1", resourceGroup: "Rg-One", vaultName: "Vault-A" };
const OTHER: VaultRef = { subscriptionId: "Sub-1", resourceGroup: "Rg-Two", vaultName: "Vault-B" };

function job(name: string, overrides: Partial<JobRecord> = {}): JobRecord {
  return {
    name,
    vault: VAULT,
    scenarioName: "TestFailover",
    friendlyName: null,
    targetObjectId: `object-${name}`,
    targetObjectName: `vm-${name}`,
    targetInstanceType: "ProtectionEntity",
    fabricId: "Fabric-1",
    activityId: null,
    customDetails: { instanceType: "AsrJobDetails", affectedObjectDetails: {} },
    createdAt: 1000,
    startAt: 1000,
    state: "InProgress",
    stateDescription: "InProgress",
    startTime: 1000,
    endTime: null,
    errors: [],
    plan: [],
    runs: [],
    cursor: 0,
    cancelAt: null,
    parentJobName: null,
    dueAt: null,
    version: 1,
    ...overrides,
  };
}

async function names(store: Store, query: JobQuery, vault = VAULT): Promise<string[]> {
  const page = await store.listJobs(vault, query, null, 100);
  return page.jobs.map((j) => j.name);
}

describe("sqlite store in memory", () => {
  let store: Store;
  before(async () => {
    store = await openSqliteStore({ file: ":memory:" });
  });
  after(() => store.close());

  test("round-trips resource groups and vaults, looked up in any case", async () => {
    const group = { subscriptionId: "Sub-1", name: "Rg-One", location: "eu", tags: { a: "b" } };
    await store.putResourceGroup(group);
    assert.deepEqual(await store.getResourceGroup("SUB-1", "rg-one"), group);
    assert.equal(await store.getResourceGroup("Sub-1", "rg-none"), undefined);

    const vault = {
      subscriptionId: "Sub-1",
      resourceGroup: "Rg-One",
      name: "Vault-A",
      location: "westus",
      sku: { name: "Standard" },
      tags: {},
    };
    await store.putVault(vault);
    await store.putVault({ ...vault, tags: { x: "y" } });
    const ref = { subscriptionId: "sub-1", resourceGroup: "RG-ONE", vaultName: "vault-a" };
    assert.deepEqual(await store.getVault(ref), { ...vault, tags: { x: "y" } });
  });

  test("round-trips jobs, operations, blobs and meta", async () => {
    const record = job("Job-RoundTrip", { friendlyName: "Test failover", dueAt: 5.5 });
    await store.insertJob(record);
    assert.deepEqual(
      await store.getJob({ ...VAULT, vaultName: "VAULT-A" }, "job-roundtrip"),
      record,
    );
    assert.equal(await store.getJob(OTHER, "Job-RoundTrip"), undefined);

    const operation: OperationRecord = {
      name: "Op-1",
      vault: VAULT,
      kind: "cancel",
      jobName: "Job-RoundTrip",
      trackingJobName: "Job-RoundTrip",
      startTime: 1234.5,
    };
    await store.putOperation(operation);
    assert.deepEqual(await store.getOperation(VAULT, "OP-1"), operation);

    const blob = {
      name: "Export-1",
      contentType: "application/json",
      content: Buffer.from([0, 1, 2, 255]),
      createdAt: 99.25,
    };
    await store.putBlob(blob);
    assert.deepEqual(await store.getBlob("export-1"), blob);

    await store.setMeta("secret", "one");
    await store.setMeta("secret", "two");
    assert.equal(await store.getMeta("secret"), "two");
    assert.equal(await store.getMeta("missing"), undefined);
  });

  test("updateJob writes only on the expected version", async () => {
    await store.insertJob(job("Job-Update"));
    const read = await store.getJob(VAULT, "Job-Update");
    assert.ok(read);

    assert.equal(await store.updateJob({ ...read, state: "Succeeded", version: 2 }), true);
    // A second writer that also read version 1 loses.
    assert.equal(await store.updateJob({ ...read, state: "Failed", version: 2 }), false);
    assert.equal((await store.getJob(VAULT, "job-update"))?.state, "Succeeded");
    assert.equal(await store.updateJob(job("Job-Absent", { version: 2 })), false);
  });

  test("a transaction that throws writes nothing", async () => {
    await assert.rejects(
      store.transaction(async (tx) => {
        await tx.insertJob(job("Job-Rolled-Back"));
        await tx.setMeta("rolled", "back");
        assert.ok(await tx.getJob(VAULT, "Job-Rolled-Back"));
        throw new Error("boom");
      }),
      /boom/,
    );
    assert.equal(await store.getJob(VAULT, "Job-Rolled-Back"), undefined);
    assert.equal(await store.getMeta("rolled"), undefined);

    const value = await store.transaction(async (tx) => {
      await tx.insertJob(job("Job-Committed"));
      return 7;
    });
    assert.equal(value, 7);
    assert.ok(await store.getJob(VAULT, "Job-Committed"));
  });
});

describe("listJobs", () => {
  let store: Store;
  before(async () => {
    store = await openSqliteStore({ file: ":memory:" });
    await store.insertJob(job("j1", { state: "Failed", startTime: 100, fabricId: "F-1" }));
    await store.insertJob(
      job("j2", { state: "Succeeded", startTime: 200, scenarioName: "Export" }),
    );
    await store.insertJob(
      job("j3", { state: "Cancelled", startTime: 300, targetInstanceType: "Fabric" }),
    );
    await store.insertJob(job("j4", { state: "NotStarted", startTime: null, fabricId: null }));
    await store.insertJob(job("j5", { vault: OTHER, state: "Failed" }));
  });
  after(() => store.close());

  test("no condition lists the vault's jobs in creation order", async () => {
    assert.deepEqual(await names(store, {}), ["j1", "j2", "j3", "j4"]);
    assert.deepEqual(await names(store, {}, OTHER), ["j5"]);
  });

  test("start time window is inclusive and skips jobs that have not started", async () => {
    assert.deepEqual(await names(store, { startFrom: 200 }), ["j2", "j3"]);
    assert.deepEqual(await names(store, { startTo: 200 }), ["j1", "j2"]);
    assert.deepEqual(await names(store, { startFrom: 150, startTo: 250 }), ["j2"]);
    assert.deepEqual(await names(store, { startFrom: 199.5, startTo: 200.5 }), ["j2"]);
  });

  test("states, instance types and fabrics ignore case", async () => {
    assert.deepEqual(await names(store, { states: ["failed", "CANCELLED"] }), ["j1", "j3"]);
    assert.deepEqual(await names(store, { targetInstanceTypes: ["fabric"] }), ["j3"]);
    assert.deepEqual(await names(store, { fabricIds: ["f-1"] }), ["j1"]);
  });

  test("job names match the name or the scenario", async () => {
    assert.deepEqual(await names(store, { jobNames: ["J4"] }), ["j4"]);
    assert.deepEqual(await names(store, { jobNames: ["export", "j1"] }), ["j1", "j2"]);
  });

  test("an empty list of values matches nothing", async () => {
    assert.deepEqual(await names(store, { states: [] }), []);
    assert.deepEqual(await names(store, { jobNames: [] }), []);
    assert.deepEqual(await names(store, { fabricIds: [] }), []);
    assert.deepEqual(await names(store, { targetInstanceTypes: [] }), []);
  });

  test("conditions combine", async () => {
    const query = { states: ["Failed", "Succeeded"], startFrom: 150 };
    assert.deepEqual(await names(store, query), ["j2"]);
  });

  test("the page size is checked", async () => {
    await assert.rejects(store.listJobs(VAULT, {}, null, 0), RangeError);
  });
});

describe("paging", () => {
  test("every job comes exactly once even when jobs arrive between pages", async () => {
    const store = await openSqliteStore({ file: ":memory:" });
    try {
      for (let i = 0; i < 5; i++) await store.insertJob(job(`p${i}`));

      const seen: string[] = [];
      let after: number | null = null;
      let pages = 0;
      do {
        const page = await store.listJobs(VAULT, {}, after, 2);
        assert.ok(page.jobs.length <= 2);
        seen.push(...page.jobs.map((j) => j.name));
        if (pages === 0) await store.insertJob(job("late"));
        after = page.next;
        pages++;
      } while (after !== null);

      assert.deepEqual(seen, ["p0", "p1", "p2", "p3", "p4", "late"]);
      assert.equal(pages, 3);
    } finally {
      await store.close();
    }
  });

  test("next is null when the last page is exactly full", async () => {
    const store = await openSqliteStore({ file: ":memory:" });
    try {
      await store.insertJob(job("a"));
      await store.insertJob(job("b"));
      const first = await store.listJobs(VAULT, {}, null, 1);
      assert.notEqual(first.next, null);
      const second = await store.listJobs(VAULT, {}, first.next, 1);
      assert.deepEqual(
        second.jobs.map((j) => j.name),
        ["b"],
      );
      assert.equal(second.next, null);
    } finally {
      await store.close();
    }
  });
});

describe("dueJobs", () => {
  test("returns due jobs of every vault, earliest first, up to the limit", async () => {
    const store = await openSqliteStore({ file: ":memory:" });
    try {
      await store.insertJob(job("late", { dueAt: 300 }));
      await store.insertJob(job("early", { dueAt: 100, vault: OTHER }));
      await store.insertJob(job("waiting", { dueAt: null }));
      await store.insertJob(job("future", { dueAt: 1000 }));
      await store.insertJob(job("middle", { dueAt: 200.5 }));

      const due = await store.dueJobs(300, 10);
      assert.deepEqual(
        due.map((j) => j.name),
        ["early", "middle", "late"],
      );
      const limited = await store.dueJobs(300, 2);
      assert.deepEqual(
        limited.map((j) => j.name),
        ["early", "middle"],
      );
    } finally {
      await store.close();
    }
  });
});

describe("deletion and reset", () => {
  async function populate(store: Store) {
    for (const vault of [VAULT, OTHER]) {
      await store.putResourceGroup({
        subscriptionId: vault.subscriptionId,
        name: vault.resourceGroup,
        location: "westus",
        tags: {},
      });
      await store.putVault({
        subscriptionId: vault.subscriptionId,
        resourceGroup: vault.resourceGroup,
        name: vault.vaultName,
        location: "westus",
        sku: { name: "Standard" },
        tags: {},
      });
      const tag = vault.vaultName;
      await store.insertJob(job(`job-${tag}`, { vault }));
      await store.putOperation({
        name: `op-${tag}`,
        vault,
        kind: "export",
        jobName: `job-${tag}`,
        trackingJobName: `job-${tag}`,
        startTime: 1,
      });
      const blob = { name: `blob-${tag}`, contentType: "text/csv", content: Buffer.from("x") };
      await store.putBlob({ ...blob, createdAt: 1 }, vault);
    }
    await store.setMeta("kept", "yes");
  }

  async function survivors(store: Store, vault: VaultRef) {
    const tag = vault.vaultName;
    return {
      vault: (await store.getVault(vault)) !== undefined,
      job: (await store.getJob(vault, `job-${tag}`)) !== undefined,
      operation: (await store.getOperation(vault, `op-${tag}`)) !== undefined,
      blob: (await store.getBlob(`blob-${tag}`)) !== undefined,
    };
  }

  const all = { vault: true, job: true, operation: true, blob: true };
  const none = { vault: false, job: false, operation: false, blob: false };

  test("deleting a vault removes its jobs, operations and blobs only", async () => {
    const store = await openSqliteStore({ file: ":memory:" });
    try {
      await populate(store);
      assert.equal(await store.deleteVault({ ...VAULT, vaultName: "VAULT-a" }), true);
      assert.deepEqual(await survivors(store, VAULT), none);
      assert.deepEqual(await survivors(store, OTHER), all);
      assert.equal(await store.deleteVault(VAULT), false);
    } finally {
      await store.close();
    }
  });

  test("deleting a resource group removes its vaults and everything in them", async () => {
    const store = await openSqliteStore({ file: ":memory:" });
    try {
      await populate(store);
      assert.equal(await store.deleteResourceGroup("SUB-1", "rg-two"), true);
      assert.deepEqual(await survivors(store, OTHER), none);
      assert.equal(await store.getResourceGroup("Sub-1", "Rg-Two"), undefined);
      assert.deepEqual(await survivors(store, VAULT), all);
      assert.equal(await store.deleteResourceGroup("Sub-1", "Rg-Two"), false);
    } finally {
      await store.close();
    }
  });

  test("reset empties everything but meta", async () => {
    const store = await openSqliteStore({ file: ":memory:" });
    try {
      await populate(store);
      await store.reset();
      assert.deepEqual(await survivors(store, VAULT), none);
      assert.deepEqual(await survivors(store, OTHER), none);
      assert.equal(await store.getResourceGroup("Sub-1", "Rg-One"), undefined);
      assert.equal(await store.getMeta("kept"), "yes");
    } finally {
      await store.close();
    }
  });
});

describe("sqlite store on disk", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "asr-emulator-store-"));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test("data survives close and reopen, in a directory created on demand", async () => {
    const config = { inMemory: false, dataDir: join(dir, "nested", "data") };
    const first = await openStore(config);
    await first.insertJob(job("Durable", { dueAt: 10 }));
    await first.setMeta("clock", "42");
    await first.close();

    const second = await openStore(config);
    try {
      assert.equal((await second.getJob(VAULT, "durable"))?.name, "Durable");
      assert.equal(await second.getMeta("clock"), "42");
    } finally {
      await second.close();
    }
  });

  test("migrations run once and are recorded", async () => {
    const file = join(dir, "migrate.db");
    await (await openSqliteStore({ file })).close();
    await (await openSqliteStore({ file })).close();

    const database = new Database(file);
    const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database }) });
    try {
      assert.deepEqual(await migrate(db, sqliteFlavour), []);
      const rows = await db.selectFrom("schema_version").select("version").execute();
      assert.deepEqual(
        rows.map((r) => r.version),
        migrations.map((m) => m.version),
      );
    } finally {
      await db.destroy();
    }
  });

  test("a fresh database gets every migration", async () => {
    const db = new Kysely<Tables>({
      dialect: new SqliteDialect({ database: new Database(":memory:") }),
    });
    try {
      assert.deepEqual(
        await migrate(db, sqliteFlavour),
        migrations.map((m) => m.version),
      );
    } finally {
      await db.destroy();
    }
  });

  test("an in-memory configuration touches no file", async () => {
    const store = await openStore({ inMemory: true, dataDir: join(dir, "never") });
    await store.close();
    await assert.rejects(rm(join(dir, "never"), { recursive: false }), { code: "ENOENT" });
  });
});
