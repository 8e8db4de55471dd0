// The job's target object (the VM, plan, server or cluster it acts on) and the tokens a
// scenario's data uses to name it.

import { vaultScopedGuid } from "./ids.js";
import type { NewJobOptions } from "./newJob.js";
import type { VaultRef } from "./record.js";
import type { ScenarioDefinition } from "./scenarioSchema.js";

export interface JobTarget {
  vault: VaultRef;
  id: string;
  name: string;
  jobName: string;
}

/** The caller's target, else the scenario's default one, with an id stable in the vault. */
export function jobTarget(
  definition: ScenarioDefinition,
  options: Pick<NewJobOptions, "vault" | "targetObjectName" | "targetObjectId">,
  jobName: string,
): JobTarget {
  const name = options.targetObjectName ?? definition.defaultTarget.name;
  return {
    vault: options.vault,
    name,
    id:
      options.targetObjectId ??
      definition.defaultTarget.id ??
      vaultScopedGuid(options.vault, definition.targetInstanceType, name),
    jobName,
  };
}

/** Replaces {targetObjectId}-style tokens in the strings of a definition's data. */
export function fillTokens<T>(value: T, target: JobTarget): T {
  const tokens: Record<string, string> = {
    targetObjectId: target.id,
    targetObjectName: target.name,
    subscriptionId: target.vault.subscriptionId,
    resourceGroup: target.vault.resourceGroup,
    vaultName: target.vault.vaultName,
    jobName: target.jobName,
  };
  const fill = (item: unknown): unknown => {
    if (typeof item === "string") {
      return item.replace(/\{(\w+)\}/g, (whole, key: string) => tokens[key] ?? whole);
    }
    if (Array.isArray(item)) return item.map(fill);
    if (item !== null && typeof item === "object") {
      return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, fill(v)]));
    }
    return item;
  };
  return fill(value) as T;
}
