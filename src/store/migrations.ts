// The database schema, as an ordered list of versioned migrations, and the table types the
// SQL stores query with. The SQL sticks to what SQLite and PostgreSQL both accept; the few
// column types that differ between them come from a `SqlFlavour`, so a PostgreSQL store can
// run the same list.

import { sql, type Generated, type Kysely } from "kysely";

/** Column types that have no common spelling in SQLite and PostgreSQL. */
export interface SqlFlavour {
  /** Bytes of an exported job list. */
  binary: string;
  /** The creation-order position of a job: unique, increasing, never reused. */
  sequence: string;
}

export const sqliteFlavour: SqlFlavour = {
  binary: "BLOB",
  // AUTOINCREMENT, unlike a bare rowid, never hands out the number of a deleted last row
  // again, so a paging position stays meaningful after jobs are removed.
  sequence: "INTEGER PRIMARY KEY AUTOINCREMENT",
};

export const postgresFlavour: SqlFlavour = {
  binary: "BYTEA",
  sequence: "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
};

export interface Migration {
  version: number;
  name: string;
  statements: (flavour: SqlFlavour) => string[];
}

// Instants are engine milliseconds, which may be fractional, hence DOUBLE PRECISION (an
// 8-byte float in both databases; SQLite gives the name REAL affinity). Columns named *_key
// hold lower-cased names, so lookups are case-insensitive as ARM's are, while the JSON
// document keeps the caller's casing.
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: "resource groups, vaults, jobs, operations, blobs and meta",
    statements: (f) => [
      `CREATE TABLE IF NOT EXISTS meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      )`,
      `CREATE TABLE IF NOT EXISTS resource_groups (
        group_key TEXT PRIMARY KEY,
        doc TEXT NOT NULL
      )`,
      `CREATE TABLE IF NOT EXISTS vaults (
        vault_key TEXT PRIMARY KEY,
        group_key TEXT NOT NULL,
        doc TEXT NOT NULL
      )`,
      `CREATE INDEX IF NOT EXISTS vaults_by_group ON vaults (group_key)`,
      `CREATE TABLE IF NOT EXISTS jobs (
        seq ${f.sequence},
        vault_key TEXT NOT NULL,
        name_key TEXT NOT NULL,
        state TEXT NOT NULL,
        scenario_key TEXT NOT NULL,
        target_instance_type_key TEXT NOT NULL,
        fabric_id_key TEXT,
        start_time DOUBLE PRECISION,
        due_at DOUBLE PRECISION,
        version BIGINT NOT NULL,
        doc TEXT NOT NULL
      )`,
      `CREATE UNIQUE INDEX IF NOT EXISTS jobs_by_name ON jobs (vault_key, name_key)`,
      `CREATE INDEX IF NOT EXISTS jobs_by_position ON jobs (vault_key, seq)`,
      `CREATE INDEX IF NOT EXISTS jobs_by_due ON jobs (due_at)`,
      `CREATE INDEX IF NOT EXISTS jobs_by_start ON jobs (vault_key, start_time)`,
      `CREATE INDEX IF NOT EXISTS jobs_by_state ON jobs (vault_key, state)`,
      `CREATE TABLE IF NOT EXISTS operations (
        vault_key TEXT NOT NULL,
        name_key TEXT NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (vault_key, name_key)
      )`,
      `CREATE TABLE IF NOT EXISTS blobs (
        name_key TEXT PRIMARY KEY,
        vault_key TEXT,
        name TEXT NOT NULL,
        content_type TEXT NOT NULL,
        content ${f.binary} NOT NULL,
        created_at DOUBLE PRECISION NOT NULL
      )`,
      `CREATE INDEX IF NOT EXISTS blobs_by_vault ON blobs (vault_key)`,
    ],
  },
];

export interface Tables {
  schema_version: { version: number; name: string; applied_at: string };
  meta: { key: string; value: string };
  resource_groups: { group_key: string; doc: string };
  vaults: { vault_key: string; group_key: string; doc: string };
  jobs: {
    seq: Generated<number>;
    vault_key: string;
    name_key: string;
    /** Lower-cased, like the other keys, so state conditions ignore case. */
    state: string;
    scenario_key: string;
    target_instance_type_key: string;
    fabric_id_key: string | null;
    start_time: number | null;
    due_at: number | null;
    version: number;
    doc: string;
  };
  operations: { vault_key: string; name_key: string; doc: string };
  blobs: {
    name_key: string;
    /** The vault whose deletion removes the blob; null for a blob that outlives vaults. */
    vault_key: string | null;
    name: string;
    content_type: string;
    content: Buffer;
    created_at: number;
  };
}

/**
 * Brings the schema up to the latest version. Each migration runs in its own transaction and
 * is recorded in schema_version; applied ones are skipped, so running this again is a no-op.
 * The DDL is idempotent and the record insert ignores a duplicate, so two processes opening
 * the same database at once both succeed.
 */
export async function migrate(db: Kysely<Tables>, flavour: SqlFlavour): Promise<number[]> {
  await sql`CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`.execute(db);

  const applied = await db.selectFrom("schema_version").select("version").execute();
  const done = new Set(applied.map((row) => Number(row.version)));
  const ran: number[] = [];

  for (const migration of migrations) {
    if (done.has(migration.version)) continue;
    await db.transaction().execute(async (trx) => {
      for (const statement of migration.statements(flavour)) {
        await sql.raw(statement).execute(trx);
      }
      await trx
        .insertInto("schema_version")
        .values({
          version: migration.version,
          name: migration.name,
          // Wall-clock time on purpose: this records when the file changed, not engine time.
          applied_at: new Date().toISOString(),
        })
        .onConflict((oc) => oc.column("version").doNothing())
        .execute();
    });
    ran.push(migration.version);
  }
  return ran;
}
