// Jobs on a shared-disk cluster protected from Azure to Azure. Node steps are group tasks whose
// children are per-node jobs, like a recovery plan's VMs.

import type { ScenarioDefinition } from "../scenarioSchema.js";
import { AZURE_TO_AZURE, AZURE_TO_AZURE_REVERSED } from "./values.js";

const CLUSTER = { name: "sql-cluster-01" };
const NODES = ["sql-node-01", "sql-node-02"]; // invented names

function nodeTasks(
  taskId: string,
  seconds: readonly number[],
  scenario: string,
  instanceType: "JobTaskDetails" | "FabricReplicationGroupTaskDetails" = "JobTaskDetails",
) {
  return NODES.map((target, index) => ({
    taskId,
    instanceType,
    seconds: seconds[index] ?? 0,
    scenario,
    target,
  }));
}

/** Recorded (commit of a cluster failover). */
export const commitFailoverProtectionCluster: ScenarioDefinition = {
  name: "CommitFailoverProtectionCluster",
  scenarioName: "CommitFailoverProtectionCluster",
  friendlyName: "Cluster commit failover",
  targetInstanceType: "ProtectionCluster",
  defaultTarget: CLUSTER,
  jobDetails: {
    instanceType: "AsrJobDetails",
    affectedObjects: "cluster",
    affectedObjectValues: AZURE_TO_AZURE_REVERSED,
  },
  tasks: [
    {
      taskId: "ClusterCommitFailoverPreflightChecksTask",
      name: "ClusterCommitFailoverPreflightChecksTask",
      friendlyName: "Prerequisites check for cluster failover commit",
      seconds: 1.1,
    },
    {
      taskId: "ClusterCommitFailoverForAllNodesTask",
      name: "ClusterCommitFailoverForAllNodesTask",
      friendlyName: `Commit failover for all cluster VM nodes (${NODES.length})`,
      group: {
        instanceType: "GroupTaskDetails",
        children: nodeTasks("CommitFailover", [42, 41.6], "CommitFailover"),
      },
    },
    {
      taskId: "ClusterCommitFailoverForSharedDiskTask",
      name: "ClusterCommitFailoverForSharedDiskTask",
      friendlyName: "Commit failover for Shared disk(s)",
      seconds: 35,
    },
    {
      taskId: "UnRegisterProtectionClusterTask",
      name: "UnRegisterProtectionClusterTask",
      friendlyName: "Unregister the cluster",
      seconds: 0.3,
    },
  ],
};

/**
 * Recorded as ClusterTestFailoverJobDetails, a newer kind than this contract has; shown here as
 * AsrJobDetails.
 */
export const testFailoverCleanupProtectionCluster: ScenarioDefinition = {
  name: "TestFailoverCleanupProtectionCluster",
  scenarioName: "TestFailoverCleanupProtectionCluster",
  friendlyName: "Cluster test failover cleanup",
  targetInstanceType: "ProtectionCluster",
  defaultTarget: CLUSTER,
  jobDetails: {
    instanceType: "AsrJobDetails",
    affectedObjects: "cluster",
    affectedObjectValues: AZURE_TO_AZURE,
  },
  tasks: [
    {
      taskId: "ClusterTestFailoverCleanupPreflightChecksTask",
      name: "ClusterTestFailoverCleanupPreflightChecksTask",
      friendlyName: "Prerequisites check for cluster test failover cleanup",
      seconds: 0.9,
    },
    {
      taskId: "ClusterVmNodesTestFailoverCleanupTask",
      name: "ClusterVmNodesTestFailoverCleanupTask",
      friendlyName: `Test Failover cleanup of Cluster VM nodes (${NODES.length})`,
      group: {
        instanceType: "GroupTaskDetails",
        children: nodeTasks("TestFailoverCleanup", [82, 143], "TestFailoverCleanup"),
      },
    },
    {
      taskId: "ClusterVirtualNodeTestFailoverCleanupTask",
      name: "ClusterVirtualNodeTestFailoverCleanupTask",
      friendlyName: "Test Failover cleanup of Shared disk(s)",
      seconds: 0.4,
    },
  ],
};

/**
 * Task ids and friendly names recorded; durations, and the node steps being replication-group
 * children (FabricReplicationGroupTaskDetails), are invented. The last group is empty in a
 * two-node cluster, so it is left out.
 */
export const unplannedFailoverProtectionCluster: ScenarioDefinition = {
  name: "UnplannedFailoverProtectionCluster",
  scenarioName: "UnplannedFailoverProtectionCluster",
  friendlyName: "Cluster failover",
  targetInstanceType: "ProtectionCluster",
  defaultTarget: CLUSTER,
  jobDetails: {
    instanceType: "AsrJobDetails",
    affectedObjects: "cluster",
    affectedObjectValues: AZURE_TO_AZURE,
  },
  tasks: [
    {
      taskId: "ClusterUnplannedFailoverPreflightChecksTask",
      name: "ClusterUnplannedFailoverPreflightChecksTask",
      friendlyName: "Prerequisites check for cluster unplanned failover",
      seconds: 1.4,
    },
    {
      taskId: "ShutdownClusterNodesTask",
      name: "ShutdownClusterNodesTask",
      friendlyName: "Shutdown the nodes",
      skipped: true,
    },
    {
      taskId: "FailoverVirtualNodeTask",
      name: "FailoverVirtualNodeTask",
      friendlyName: "Failover shared disk",
      seconds: 48,
    },
    {
      taskId: "FailoverClusterRpNodesTask",
      name: "FailoverClusterRpNodesTask",
      friendlyName: `Failover nodes that are part of the cluster recovery point (${NODES.length})`,
      group: {
        instanceType: "GroupTaskDetails",
        children: nodeTasks(
          "UnplannedFailover",
          [101, 97.5],
          "UnplannedFailover",
          "FabricReplicationGroupTaskDetails",
        ),
      },
    },
  ],
};

export const CLUSTER_SCENARIOS = [
  commitFailoverProtectionCluster,
  testFailoverCleanupProtectionCluster,
  unplannedFailoverProtectionCluster,
];
