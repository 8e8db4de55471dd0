// Failover of one protected VM, and the jobs that follow it (test failover, cleanup, commit).
// Task lists and durations are the recorded ones unless a comment says otherwise.

import type { ScenarioDefinition } from "../scenarioSchema.js";
import { HYPERV_TO_AZURE, VMWARE_TO_AZURE } from "./values.js";

const VM = { name: "vm1" };

/** Hyper-V site to Azure. */
export const plannedFailover: ScenarioDefinition = {
  name: "PlannedFailover",
  scenarioName: "PlannedFailover",
  friendlyName: "Planned failover",
  targetInstanceType: "ProtectionEntity",
  defaultTarget: VM,
  jobDetails: {
    instanceType: "FailoverJobDetails",
    affectedObjects: "vm",
    affectedObjectValues: HYPERV_TO_AZURE,
  },
  tasks: [
    {
      taskId: "PlannedFailoverPreflightChecksTask",
      name: "VmPfoPrerequisitesCheck",
      friendlyName: "Prerequisites check for planned failover",
      seconds: 35.3,
    },
    {
      taskId: "ShutdownVmOnPrimary",
      name: "VmShutdownVmOnPrimary",
      friendlyName: "Shut down the virtual machine",
      seconds: 6.5,
    },
    {
      taskId: "PrepareForFailoverTask",
      name: "VmPrepareForFailover",
      friendlyName: "Preparing for failover",
      seconds: 12.4,
    },
    { taskId: "FailoverTask", name: "VmFailover", friendlyName: "Start failover", seconds: 525 },
    {
      taskId: "StartVmOnSecondary",
      name: "VmFoStartVmOnSecondary",
      friendlyName: "Start the replica virtual machine",
      seconds: 0.3,
    },
  ],
};

/** VMware to Azure: no source shutdown, so the two source-side steps are skipped. */
export const unplannedFailover: ScenarioDefinition = {
  name: "UnplannedFailover",
  scenarioName: "UnplannedFailover",
  friendlyName: "Failover",
  targetInstanceType: "ProtectionEntity",
  defaultTarget: VM,
  jobDetails: {
    instanceType: "FailoverJobDetails",
    affectedObjects: "vm",
    affectedObjectValues: VMWARE_TO_AZURE,
  },
  tasks: [
    {
      taskId: "UnplannedFailoverPreflightChecksTask",
      name: "VmUfoPrerequisitesCheck",
      friendlyName: "Prerequisites check for failover",
      seconds: 1,
    },
    {
      taskId: "ShutdownVmOnPrimaryForUFO",
      name: "VmShutdownVmOnPrimary",
      friendlyName: "Shut down the virtual machine",
      skipped: true,
    },
    {
      taskId: "PrepareForUnPlannedFailoverTask",
      name: "VmPrepareForUnPlannedFailover",
      friendlyName: "Synchronizing the latest changes",
      skipped: true,
    },
    { taskId: "FailoverTask", name: "VmFailover", friendlyName: "Start failover", seconds: 98 },
    {
      taskId: "StartVmOnSecondary",
      name: "VmFoStartVmOnSecondary",
      friendlyName: "Start the replica virtual machine",
      seconds: 0.2,
    },
  ],
};

const TEST_FAILOVER_TASKS: ScenarioDefinition["tasks"] = [
  {
    taskId: "TestFailoverPreflightChecksTask",
    name: "VmTfoPrerequisitesCheck",
    friendlyName: "Prerequisites check for test failover",
    seconds: 0.8,
  },
  {
    taskId: "BeginTestFailoverTask",
    name: "VmTfoInitiateFailover",
    friendlyName: "Starting test failover",
    seconds: 96,
  },
  {
    taskId: "PrepareTestProtectedEntitiesTask",
    name: "VmTfoPrepareTestVm",
    friendlyName: "Creating test virtual machine",
    seconds: 139,
  },
  {
    taskId: "BootTestProtectedEntitiesTask",
    name: "VmTfoBootTestVm",
    friendlyName: "Start the virtual machine",
    seconds: 0.06,
  },
];

const TEST_NETWORK = {
  testFailoverStatus: "Active",
  comments: null,
  networkName: "asr-test-vnet",
  networkFriendlyName: "asr-test-vnet",
  networkType: "VmNetworkAsInput",
};

/**
 * VMware to Azure. The recorded job ended after booting the test VM; this one then waits for
 * the tester, as the contract's Resume example shows (WaitingForStopTestFailover), and cleans up
 * once resumed. The manual and cleanup steps' ids and names are invented.
 */
export const testFailover: ScenarioDefinition = {
  name: "TestFailover",
  scenarioName: "TestFailover",
  friendlyName: "Test failover",
  targetInstanceType: "ProtectionEntity",
  defaultTarget: VM,
  jobDetails: {
    instanceType: "TestFailoverJobDetails",
    affectedObjects: "vm",
    affectedObjectValues: VMWARE_TO_AZURE,
    fields: TEST_NETWORK,
  },
  tasks: [
    ...TEST_FAILOVER_TASKS,
    {
      taskId: "CompleteTestFailoverTask",
      name: "VmTfoWaitForCompletion",
      friendlyName: "Complete testing of the virtual machine",
      customDetails: { instanceType: "ManualActionTaskDetails", name: "CompleteTestFailover" },
      manual: {
        instructions:
          "Check the test virtual machine, then resume this job to delete it and end the test.",
        stateDescription: "WaitingForStopTestFailover",
      },
    },
    {
      taskId: "CleanupTestProtectedEntitiesTask",
      name: "VmTfoDeleteTestVm",
      friendlyName: "Clean up the test virtual machine",
      seconds: 30, // invented: shorter than the separate cleanup job
    },
  ],
};

/** The recorded test failover, which ends once the test VM boots (used inside recovery plans). */
export const testFailoverWithoutWait: ScenarioDefinition = {
  ...testFailover,
  name: "TestFailoverWithoutWait",
  description: "A test failover that does not wait for the tester; clean up with its own job.",
  tasks: TEST_FAILOVER_TASKS,
};

/** VMware to Azure. */
export const testFailoverCleanup: ScenarioDefinition = {
  name: "TestFailoverCleanup",
  scenarioName: "TestFailoverCleanup",
  friendlyName: "Test failover cleanup",
  targetInstanceType: "ProtectionEntity",
  defaultTarget: VM,
  jobDetails: {
    instanceType: "TestFailoverJobDetails",
    affectedObjects: "vm",
    affectedObjectValues: VMWARE_TO_AZURE,
    fields: {
      testFailoverStatus: null,
      comments: "",
      networkName: null,
      networkFriendlyName: null,
      networkType: null,
    },
  },
  tasks: [
    {
      taskId: "TestFailoverCleanupPreflightChecksTask",
      name: "VmTfoCleanupPreflightsCheck",
      friendlyName: "Prerequisites check for test failover cleanup",
      seconds: 0.25,
    },
    {
      taskId: "EndTestFailoverTask",
      name: "VmTfoEndFailover",
      friendlyName: "Ending test failover",
      seconds: 0.5,
    },
    {
      taskId: "CleanupTestProtectedEntitiesTask",
      name: "VmTfoDeleteTestVm",
      friendlyName: "Clean up the test virtual machine",
      seconds: 162,
    },
  ],
};

/** VMware to Azure; Site Recovery gives these two tasks GUID ids. */
export const commitFailover: ScenarioDefinition = {
  name: "CommitFailover",
  scenarioName: "CommitFailover",
  friendlyName: "Commit",
  targetInstanceType: "ProtectionEntity",
  defaultTarget: VM,
  jobDetails: {
    instanceType: "AsrJobDetails",
    affectedObjects: "vm",
    affectedObjectValues: VMWARE_TO_AZURE,
  },
  tasks: [
    { name: "VmCommitPrerequisitesCheck", friendlyName: "Prerequisite check", seconds: 0.14 },
    { name: "VmCommit", friendlyName: "Commit", seconds: 2 },
  ],
};

export const FAILOVER_SCENARIOS = [
  plannedFailover,
  unplannedFailover,
  testFailover,
  testFailoverWithoutWait,
  testFailoverCleanup,
  commitFailover,
];
