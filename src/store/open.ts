// Picks the store the configuration asks for.

import { join } from "node:path";

import type { EmulatorConfig } from "../config.js";
import { openSqliteStore } from "./sqlite.js";
import type { Store } from "./store.js";

export const DATABASE_FILE = "asr-emulator.db";

export function openStore(config: Pick<EmulatorConfig, "inMemory" | "dataDir">): Promise<Store> {
  const file = config.inMemory ? ":memory:" : join(config.dataDir, DATABASE_FILE);
  return openSqliteStore({ file });
}
