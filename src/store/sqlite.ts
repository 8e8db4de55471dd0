// The embedded store: one SQLite file (or memory) through better-sqlite3. A single connection
// serialises every statement and transaction of this process; WAL, a busy timeout and
// transactions that lock when they begin let other processes share the file, waiting for each
// other instead of failing on a momentary lock.

import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";

import Database from "better-sqlite3";
import {
  CompiledQuery,
  Kysely,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
} from "kysely";

import { migrate, sqliteFlavour, type Tables } from "./migrations.js";
import { SqlStore } from "./sql-store.js";
import type { Store } from "./store.js";

export interface SqliteStoreOptions {
  /** A database file path, or ":memory:" for a store that lives as long as the process. */
  file: string;
}

// Short: better-sqlite3 waits synchronously, stalling this process's event loop; longer waits
// happen asynchronously in the store's retry loop.
const BUSY_TIMEOUT_MS = 20;

/**
 * Transactions take the write lock when they begin. A plain BEGIN reads first and asks for the
 * lock on its first write, which SQLite refuses at once (no waiting) when another process has
 * written since; BEGIN IMMEDIATE waits its turn under the busy timeout instead, so processes
 * sharing a file queue rather than fail.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(settings);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.settings);
  }
}

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

  const db = new Kysely<Tables>({ dialect: new ImmediateSqliteDialect({ database }) });
  try {
    await migrate(db, sqliteFlavour);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return new SqlStore(db);
}
