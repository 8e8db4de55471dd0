// The embedded store: one SQLite file (or memory) through better-sqlite3. A single connection
// serialises every statement and transaction of this process; WAL and a busy timeout let
// other processes read and write the same file without failing on a momentary lock.

import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";

import Database from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";

import { migrate, sqliteFlavour, type Tables } from "./migrations.js";
import { SqlStore } from "./sql-store.js";
import type { Store } from "./store.js";

export interface SqliteStoreOptions {
  /** A database file path, or ":memory:" for a store that lives as long as the process. */
  file: string;
}

const BUSY_TIMEOUT_MS = 5000;

export async function openSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  const inMemory = options.file === ":memory:";
  if (!inMemory) await mkdir(dirname(options.file), { recursive: true });

  const database = new Database(options.file);
  if (!inMemory) {
    database.pragma("journal_mode = WAL");
    database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // A 2xx promises the change is durable: in WAL mode only FULL syncs the log on every
    // commit, where the library's default would leave the last commits to a later checkpoint.
    database.pragma("synchronous = FULL");
  }

  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database }) });
  try {
    await migrate(db, sqliteFlavour);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return new SqlStore(db);
}
