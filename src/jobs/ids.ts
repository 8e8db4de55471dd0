// Ids a new job needs that Site Recovery mints on its side: GUIDs derived from what they name
// (so the same VM keeps the same id across jobs) and activity ids.

import { createHash, randomUUID } from "node:crypto";
import type { VaultRef } from "./record.js";

/** A GUID derived from its parts, so the same VM keeps the same id across jobs. */
export function stableId(...parts: string[]): string {
  const hex = createHash("sha256").update(parts.join("\u0000").toLowerCase()).digest("hex");
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `5${hex.slice(13, 16)}`,
    ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16) + hex.slice(17, 20),
    hex.slice(20, 32),
  ].join("-");
}

/** A stable GUID unique to the vault: two vaults never share an invented object. */
export function vaultScopedGuid(vault: VaultRef, ...parts: string[]): string {
  return stableId(vault.subscriptionId, vault.resourceGroup, vault.vaultName, ...parts);
}

export function newActivityId(): string {
  return `${randomUUID()} ActivityId: ${randomUUID()}`;
}
