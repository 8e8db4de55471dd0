// The Store over any Kysely database that has the schema of migrations.ts. Records live as
// JSON documents; the columns next to them exist only so queries can use indexes. Dialect
// specifics (opening, pragmas, column types) stay in the files that open a database.

import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from "kysely";

import type { BlobRecord, JobRecord, OperationRecord, VaultRef } from "../jobs/record.js";
import type { Tables } from "./migrations.js";
import type {
  JobPage,
  JobQuery,
  ResourceGroupRecord,
  Store,
  StoreTx,
  VaultRecord,
} from "./store.js";

type Db = Kysely<Tables>;
type JobsBuilder = ExpressionBuilder<Tables, "jobs">;

// ARM names never contain "/", so joined keys cannot collide.
const groupKey = (subscriptionId: string, name: string) =>
  `${subscriptionId}/${name}`.toLowerCase();

const vaultKey = (ref: VaultRef) =>
  `${ref.subscriptionId}/${ref.resourceGroup}/${ref.vaultName}`.toLowerCase();

const keys = (values: readonly string[]) => [...new Set(values.map((v) => v.toLowerCase()))];

function jobColumns(job: JobRecord) {
  return {
    vault_key: vaultKey(job.vault),
    name_key: job.name.toLowerCase(),
    state: job.state.toLowerCase(),
    scenario_key: job.scenarioName.toLowerCase(),
    target_instance_type_key: job.targetInstanceType.toLowerCase(),
    fabric_id_key: job.fabricId === null ? null : job.fabricId.toLowerCase(),
    start_time: job.startTime,
    due_at: job.dueAt,
    version: job.version,
    doc: JSON.stringify(job),
  };
}

type KeyColumn =
  "state" | "target_instance_type_key" | "fabric_id_key" | "name_key" | "scenario_key";

// An empty list of accepted values matches nothing, rather than being dropped, so a query
// that names no states finds no jobs instead of every job.
function oneOf(eb: JobsBuilder, column: KeyColumn, values: string[]) {
  return values.length === 0 ? sql<SqlBool>`1 = 0` : eb(column, "in", keys(values));
}

function jobConditions(eb: JobsBuilder, query: JobQuery): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [];
  // A job that has not started has no start time and so falls outside any time window.
  if (query.startFrom !== undefined) conditions.push(eb("start_time", ">=", query.startFrom));
  if (query.startTo !== undefined) conditions.push(eb("start_time", "<=", query.startTo));
  if (query.states) conditions.push(oneOf(eb, "state", query.states));
  if (query.targetInstanceTypes) {
    conditions.push(oneOf(eb, "target_instance_type_key", query.targetInstanceTypes));
  }
  if (query.fabricIds) conditions.push(oneOf(eb, "fabric_id_key", query.fabricIds));
  if (query.jobNames) {
    conditions.push(
      eb.or([oneOf(eb, "name_key", query.jobNames), oneOf(eb, "scenario_key", query.jobNames)]),
    );
  }
  return conditions;
}

const parse = <T>(doc: string): T => JSON.parse(doc) as T;

export class SqlStoreTx implements StoreTx {
  constructor(
    protected readonly db: Db,
    private readonly inTransaction: boolean,
  ) {}

  /** Runs multi-statement writes in a transaction unless one is already open. */
  private async atomically<T>(work: (db: Db) => Promise<T>): Promise<T> {
    if (this.inTransaction) return work(this.db);
    return this.db.transaction().execute(work);
  }

  async getResourceGroup(subscriptionId: string, name: string) {
    const row = await this.db
      .selectFrom("resource_groups")
      .select("doc")
      .where("group_key", "=", groupKey(subscriptionId, name))
      .executeTakeFirst();
    return row && parse<ResourceGroupRecord>(row.doc);
  }

  async putResourceGroup(group: ResourceGroupRecord) {
    const doc = JSON.stringify(group);
    await this.db
      .insertInto("resource_groups")
      .values({ group_key: groupKey(group.subscriptionId, group.name), doc })
      .onConflict((oc) => oc.column("group_key").doUpdateSet({ doc }))
      .execute();
  }

  async deleteResourceGroup(subscriptionId: string, name: string) {
    const group = groupKey(subscriptionId, name);
    // Jobs, operations and blobs are found by their vault key's prefix rather than through
    // the vaults table, so rows of a vault that was never registered still go.
    const prefix = `${group}/`;
    const underGroup = sql<SqlBool>`substr(vault_key, 1, ${prefix.length}) = ${prefix}`;

    return this.atomically(async (db) => {
      await db.deleteFrom("jobs").where(underGroup).execute();
      await db.deleteFrom("operations").where(underGroup).execute();
      await db.deleteFrom("blobs").where(underGroup).execute();
      await db.deleteFrom("vaults").where("group_key", "=", group).execute();
      const result = await db
        .deleteFrom("resource_groups")
        .where("group_key", "=", group)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    });
  }

  async getVault(ref: VaultRef) {
    const row = await this.db
      .selectFrom("vaults")
      .select("doc")
      .where("vault_key", "=", vaultKey(ref))
      .executeTakeFirst();
    return row && parse<VaultRecord>(row.doc);
  }

  async listVaults(subscriptionId: string, resourceGroup: string) {
    const rows = await this.db
      .selectFrom("vaults")
      .select("doc")
      .where("group_key", "=", groupKey(subscriptionId, resourceGroup))
      .orderBy("vault_key")
      .execute();
    return rows.map((row) => parse<VaultRecord>(row.doc));
  }

  async putVault(vault: VaultRecord) {
    const doc = JSON.stringify(vault);
    const ref = {
      subscriptionId: vault.subscriptionId,
      resourceGroup: vault.resourceGroup,
      vaultName: vault.name,
    };
    await this.db
      .insertInto("vaults")
      .values({
        vault_key: vaultKey(ref),
        group_key: groupKey(vault.subscriptionId, vault.resourceGroup),
        doc,
      })
      .onConflict((oc) => oc.column("vault_key").doUpdateSet({ doc }))
      .execute();
  }

  async deleteVault(ref: VaultRef) {
    const key = vaultKey(ref);
    return this.atomically(async (db) => {
      await db.deleteFrom("jobs").where("vault_key", "=", key).execute();
      await db.deleteFrom("operations").where("vault_key", "=", key).execute();
      await db.deleteFrom("blobs").where("vault_key", "=", key).execute();
      const result = await db.deleteFrom("vaults").where("vault_key", "=", key).executeTakeFirst();
      return result.numDeletedRows > 0n;
    });
  }

  async getJob(vault: VaultRef, name: string) {
    const row = await this.db
      .selectFrom("jobs")
      .select("doc")
      .where("vault_key", "=", vaultKey(vault))
      .where("name_key", "=", name.toLowerCase())
      .executeTakeFirst();
    return row && parse<JobRecord>(row.doc);
  }

  async insertJob(job: JobRecord) {
    await this.db.insertInto("jobs").values(jobColumns(job)).execute();
  }

  async updateJob(job: JobRecord) {
    const { vault_key, name_key, ...changes } = jobColumns(job);
    const result = await this.db
      .updateTable("jobs")
      .set(changes)
      .where("vault_key", "=", vault_key)
      .where("name_key", "=", name_key)
      .where("version", "=", job.version - 1)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  async listJobs(vault: VaultRef, query: JobQuery, after: number | null, limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`bad page size ${limit}`);

    // One more row than asked for tells whether another page exists.
    let select = this.db
      .selectFrom("jobs")
      .select(["seq", "doc"])
      .where("vault_key", "=", vaultKey(vault))
      .where((eb) => eb.and(jobConditions(eb, query)));
    if (after !== null) select = select.where("seq", ">", after);
    const rows = await select
      .orderBy("seq")
      .limit(limit + 1)
      .execute();

    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const next = rows.length > limit && last ? Number(last.seq) : null;
    return { jobs: page.map((row) => parse<JobRecord>(row.doc)), next } satisfies JobPage;
  }

  async dueJobs(now: number, limit: number) {
    const rows = await this.db
      .selectFrom("jobs")
      .select("doc")
      .where("due_at", "is not", null)
      .where("due_at", "<=", now)
      .orderBy("due_at")
      .orderBy("seq")
      .limit(limit)
      .execute();
    return rows.map((row) => parse<JobRecord>(row.doc));
  }

  async putOperation(operation: OperationRecord) {
    const doc = JSON.stringify(operation);
    const name_key = operation.name.toLowerCase();
    await this.db
      .insertInto("operations")
      .values({ vault_key: vaultKey(operation.vault), name_key, doc })
      .onConflict((oc) => oc.columns(["vault_key", "name_key"]).doUpdateSet({ doc }))
      .execute();
  }

  async getOperation(vault: VaultRef, name: string) {
    const row = await this.db
      .selectFrom("operations")
      .select("doc")
      .where("vault_key", "=", vaultKey(vault))
      .where("name_key", "=", name.toLowerCase())
      .executeTakeFirst();
    return row && parse<OperationRecord>(row.doc);
  }

  async putBlob(blob: BlobRecord, owner?: VaultRef) {
    const columns = {
      vault_key: owner ? vaultKey(owner) : null,
      name: blob.name,
      content_type: blob.contentType,
      content: blob.content,
      created_at: blob.createdAt,
    };
    await this.db
      .insertInto("blobs")
      .values({ name_key: blob.name.toLowerCase(), ...columns })
      .onConflict((oc) => oc.column("name_key").doUpdateSet(columns))
      .execute();
  }

  async getBlob(name: string): Promise<BlobRecord | undefined> {
    const row = await this.db
      .selectFrom("blobs")
      .select(["name", "content_type", "content", "created_at"])
      .where("name_key", "=", name.toLowerCase())
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      name: row.name,
      contentType: row.content_type,
      content: Buffer.from(row.content),
      createdAt: Number(row.created_at),
    };
  }

  async getMeta(key: string) {
    const row = await this.db
      .selectFrom("meta")
      .select("value")
      .where("key", "=", key)
      .executeTakeFirst();
    return row?.value;
  }

  async setMeta(key: string, value: string) {
    await this.db
      .insertInto("meta")
      .values({ key, value })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value }))
      .execute();
  }

  async reset() {
    await this.atomically(async (db) => {
      for (const table of ["jobs", "operations", "blobs", "vaults", "resource_groups"] as const) {
        await db.deleteFrom(table).execute();
      }
    });
  }
}

/** How long, in all, a transaction waits for another process to release the database. */
const BUSY_PATIENCE_MS = 10_000;

/** SQLite's answer when another connection holds the lock this one needs. */
function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("SQLITE_BUSY");
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The store a process holds. Every call runs in a transaction of its own (or the caller's, via
 * `transaction`), and a transaction that finds the database locked by another process waits
 * and tries again, with growing pauses, instead of failing: the lock is taken when the
 * transaction begins, before any work is done, so trying again is always safe.
 */
export class SqlStore implements Store {
  constructor(private readonly db: Db) {}

  /**
   * Work inside must use the `tx` it is given: calling this store from inside `work` waits
   * for the connection the transaction holds, and never gets it.
   */
  async transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    const giveUpAt = Date.now() + BUSY_PATIENCE_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.db.transaction().execute((trx) => work(new SqlStoreTx(trx, true)));
      } catch (error) {
        if (!isBusy(error) || Date.now() > giveUpAt) throw error;
        // Jittered, so processes that collided do not collide again in step.
        await pause(Math.min(5 * 2 ** attempt, 200) * (0.5 + Math.random()));
      }
    }
  }

  getResourceGroup(subscriptionId: string, name: string) {
    return this.transaction((tx) => tx.getResourceGroup(subscriptionId, name));
  }
  putResourceGroup(group: ResourceGroupRecord) {
    return this.transaction((tx) => tx.putResourceGroup(group));
  }
  deleteResourceGroup(subscriptionId: string, name: string) {
    return this.transaction((tx) => tx.deleteResourceGroup(subscriptionId, name));
  }
  getVault(ref: VaultRef) {
    return this.transaction((tx) => tx.getVault(ref));
  }
  listVaults(subscriptionId: string, resourceGroup: string) {
    return this.transaction((tx) => tx.listVaults(subscriptionId, resourceGroup));
  }
  putVault(vault: VaultRecord) {
    return this.transaction((tx) => tx.putVault(vault));
  }
  deleteVault(ref: VaultRef) {
    return this.transaction((tx) => tx.deleteVault(ref));
  }
  getJob(vault: VaultRef, name: string) {
    return this.transaction((tx) => tx.getJob(vault, name));
  }
  insertJob(job: JobRecord) {
    return this.transaction((tx) => tx.insertJob(job));
  }
  updateJob(job: JobRecord) {
    return this.transaction((tx) => tx.updateJob(job));
  }
  listJobs(vault: VaultRef, query: JobQuery, after: number | null, limit: number) {
    return this.transaction((tx) => tx.listJobs(vault, query, after, limit));
  }
  dueJobs(now: number, limit: number) {
    return this.transaction((tx) => tx.dueJobs(now, limit));
  }
  putOperation(operation: OperationRecord) {
    return this.transaction((tx) => tx.putOperation(operation));
  }
  getOperation(vault: VaultRef, name: string) {
    return this.transaction((tx) => tx.getOperation(vault, name));
  }
  putBlob(blob: BlobRecord, owner?: VaultRef) {
    return this.transaction((tx) => tx.putBlob(blob, owner));
  }
  getBlob(name: string) {
    return this.transaction((tx) => tx.getBlob(name));
  }
  getMeta(key: string) {
    return this.transaction((tx) => tx.getMeta(key));
  }
  setMeta(key: string, value: string) {
    return this.transaction((tx) => tx.setMeta(key, value));
  }
  reset() {
    return this.transaction((tx) => tx.reset());
  }

  async close() {
    await this.db.destroy();
  }
}
