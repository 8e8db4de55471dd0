// The job's customDetails: the scenario's job-details type, its fields, and the details of the
// objects the job affects (VMM servers, clouds, protection profile), invented where the
// scenario names none.

import { vaultScopedGuid } from "./ids.js";
import { fillTokens, type JobTarget } from "./jobTarget.js";
import type { JobDetails } from "./model.js";
import type { AffectedObjectKeySet, ScenarioDefinition } from "./scenarioSchema.js";

export function jobDetails(definition: ScenarioDefinition, target: JobTarget): JobDetails {
  const spec = definition.jobDetails;
  const values = fillTokens(spec.affectedObjectValues ?? {}, target);
  const affected = affectedObjectDetails(spec.affectedObjects, values, target);
  const fields = fillTokens(spec.fields ?? {}, target);
  const { vault } = target;

  switch (spec.instanceType) {
    case "FailoverJobDetails":
      return {
        instanceType: spec.instanceType,
        protectedItemDetails: [],
        ...fields,
        affectedObjectDetails: affected,
      };
    case "TestFailoverJobDetails":
      return {
        instanceType: spec.instanceType,
        testFailoverStatus: null,
        comments: null,
        networkName: null,
        networkFriendlyName: null,
        networkType: null,
        protectedItemDetails: [],
        ...fields,
        affectedObjectDetails: affected,
      };
    case "SwitchProtectionJobDetails": {
      // The protected item of the new direction; fabric and container names are invented.
      const item =
        `/Subscriptions/${vault.subscriptionId}/resourceGroups/${vault.resourceGroup}` +
        `/providers/Microsoft.RecoveryServices/vaults/${vault.vaultName}` +
        `/replicationFabrics/recovery-fabric/replicationProtectionContainers/recovery-container` +
        `/replicationProtectedItems/${vaultScopedGuid(vault, "reprotected", target.id)}`;
      return {
        instanceType: spec.instanceType,
        newReplicationProtectedItemId: item,
        ...fields,
        affectedObjectDetails: affected,
      };
    }
    default:
      return { instanceType: spec.instanceType, ...fields, affectedObjectDetails: affected };
  }
}

function affectedObjectDetails(
  keySet: AffectedObjectKeySet,
  values: Record<string, string>,
  target: JobTarget,
): Record<string, string> {
  const { vault } = target;
  const value = (key: string, fallback: string) => values[key] ?? fallback;
  const vmm = {
    primaryVmmId: vaultScopedGuid(vault, "vmm", value("primaryVmmName", "primary")),
    primaryVmmName: value("primaryVmmName", "primary-site"),
    recoveryVmmId: vaultScopedGuid(vault, "vmm", value("recoveryVmmName", "recovery")),
    recoveryVmmName: value("recoveryVmmName", "Microsoft Azure"),
    primaryFabricProviderId: value("primaryFabricProviderId", "VMware"),
    recoveryFabricProviderId: value("recoveryFabricProviderId", "Azure"),
  };
  const profileId = vaultScopedGuid(vault, "policy");
  switch (keySet) {
    case "none":
      return {};
    case "recoveryPlan":
      return { ...vmm, ...pick(values, Object.keys(vmm)) };
    case "server":
      return {
        primaryVmmId: target.id,
        primaryVmmName: target.name,
        primaryFabricProviderId: vmm.primaryFabricProviderId,
      };
    case "cluster":
      return {
        protectionClusterId: target.id,
        protectionClusterName: target.name,
        protectionProfileId: value("protectionProfileId", profileId),
      };
    case "vm": {
      const primaryCloudName = value("primaryCloudName", "primary-cloud");
      const recoveryCloudName = value("recoveryCloudName", "Microsoft Azure");
      return {
        primaryVmId: target.id,
        primaryVmName: target.name,
        recoveryVmId: value("recoveryVmId", vaultScopedGuid(vault, "recovery-vm", target.name)),
        recoveryVmName: value("recoveryVmName", target.name),
        protectionProfileId: value("protectionProfileId", profileId),
        primaryCloudId: value("primaryCloudId", vaultScopedGuid(vault, "cloud", primaryCloudName)),
        primaryCloudName,
        recoveryCloudId: value(
          "recoveryCloudId",
          vaultScopedGuid(vault, "cloud", recoveryCloudName),
        ),
        recoveryCloudName,
        ...vmm,
      };
    }
  }
}

function pick(values: Record<string, string>, keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.filter((k) => k in values).map((k) => [k, values[k] ?? ""]));
}
