// ARM resource ids as Site Recovery writes them: "/Subscriptions/" with a capital S, which the
// service has always returned in job ids and polling URLs.

import type { VaultRef } from "../jobs/record.js";

export function vaultArmId(vault: VaultRef): string {
  return (
    `/Subscriptions/${vault.subscriptionId}/resourceGroups/${vault.resourceGroup}` +
    `/providers/Microsoft.RecoveryServices/vaults/${vault.vaultName}`
  );
}

export function jobArmId(vault: VaultRef, jobName: string): string {
  return `${vaultArmId(vault)}/replicationJobs/${jobName}`;
}

const VAULT_ID = new RegExp(
  "^/subscriptions/([^/]+)/resourcegroups/([^/]+)" +
    "/providers/microsoft\\.recoveryservices/vaults/([^/]+)/?$",
  "i",
);

/** Reads a vault's ARM id in any casing; null when it is not one. */
export function parseVaultId(id: string): VaultRef | null {
  const match = VAULT_ID.exec(id.trim());
  if (!match) return null;
  const [, subscriptionId, resourceGroup, vaultName] = match;
  if (!subscriptionId || !resourceGroup || !vaultName) return null;
  return { subscriptionId, resourceGroup, vaultName };
}
