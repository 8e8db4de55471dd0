// Jobs on a recovery plan. A plan job runs its VMs through group tasks; each VM task is carried
// out by a failover job of its own (a new one per phase), which the VM task points at.
// Recorded plans nest a group per plan group inside "All groups shutdown"; here that level is
// flattened, the VM tasks hang directly under the phase's group.

import type { ScenarioDefinition } from "../scenarioSchema.js";
import { AZURE_TO_AZURE, HYPERV_TO_AZURE } from "./values.js";

const PLAN = { name: "rp-web-tier" };
const VMS = ["web-vm-01", "web-vm-02"]; // invented names

/** The VM tasks of one phase: a child job per VM, the second one a little quicker (invented). */
function vmTasks(seconds: number, scenario: string) {
  return VMS.map((target, index) => ({
    name: "Unknown",
    instanceType: "VirtualMachineTaskDetails" as const,
    seconds: seconds - index * 0.7,
    scenario,
    target,
  }));
}

const PLAN_PREREQUISITES = {
  name: "RpSrsPrerequisitesCheck",
  friendlyName: "Prerequisites check for the recovery plan",
  seconds: 3.3,
};

const PLAN_END = {
  name: "EndRecoveryPlanTask",
  friendlyName: "Finalizing the recovery plan",
  seconds: 0.1,
};

/** Azure to Azure, recorded with one VM; group names and ids are invented. */
export const recoveryPlanUnplannedFailover: ScenarioDefinition = {
  name: "RecoveryPlanUnplannedFailover",
  scenarioName: "UnplannedFailover",
  friendlyName: "Failover",
  targetInstanceType: "RecoveryPlan",
  defaultTarget: PLAN,
  jobDetails: {
    instanceType: "FailoverJobDetails",
    affectedObjects: "recoveryPlan",
    affectedObjectValues: AZURE_TO_AZURE,
  },
  tasks: [
    PLAN_PREREQUISITES,
    {
      taskId: "ShutdownAllActionGroup",
      name: "Unknown",
      friendlyName: `All groups shutdown (${VMS.length})`,
      group: {
        instanceType: "RecoveryPlanShutdownGroupTaskDetails",
        name: "All groups shutdown",
        groupId: "ShutdownAllActionGroup",
        rpGroupType: "Shutdown",
        children: vmTasks(64, "UnplannedFailover"),
      },
    },
    {
      taskId: "FailoverAllActionGroup",
      name: "Unknown",
      friendlyName: "Recovery plan failover",
      group: {
        instanceType: "RecoveryPlanGroupTaskDetails",
        name: "Recovery plan failover",
        groupId: "FailoverAllActionGroup",
        rpGroupType: "RpFailoverTask",
        children: vmTasks(95, "UnplannedFailover"),
      },
    },
    {
      taskId: "Group1",
      name: "Unknown",
      friendlyName: `Group 1: Start (${VMS.length})`,
      group: {
        instanceType: "RecoveryPlanGroupTaskDetails",
        name: "Group 1",
        groupId: "Group1",
        rpGroupType: "BootGroup",
        children: vmTasks(40, "UnplannedFailover"),
      },
    },
    PLAN_END,
  ],
};

/**
 * Not recorded: everything past the prerequisites check is invented. The plan's VMs fail over
 * in an inline workflow, then the plan's post-steps run: a script, a runbook and a manual
 * action that waits to be resumed.
 */
export const recoveryPlanTestFailover: ScenarioDefinition = {
  name: "RecoveryPlanTestFailover",
  scenarioName: "TestFailover",
  friendlyName: "Test failover",
  targetInstanceType: "RecoveryPlan",
  defaultTarget: PLAN,
  jobDetails: {
    instanceType: "TestFailoverJobDetails",
    affectedObjects: "recoveryPlan",
    affectedObjectValues: AZURE_TO_AZURE,
    fields: {
      testFailoverStatus: "Active",
      comments: null,
      networkName: "asr-test-vnet",
      networkFriendlyName: "asr-test-vnet",
      networkType: "VmNetworkAsInput",
    },
  },
  tasks: [
    PLAN_PREREQUISITES,
    {
      taskId: "TestFailoverAllActionGroup",
      name: "Unknown",
      friendlyName: `Recovery plan test failover (${VMS.length})`,
      group: {
        instanceType: "InlineWorkflowTaskDetails",
        children: vmTasks(236, "TestFailoverWithoutWait"),
      },
    },
    {
      taskId: "Group1PostScript",
      name: "Unknown",
      friendlyName: "Group 1: Post-steps: Warm up the web cache",
      seconds: 12,
      customDetails: {
        instanceType: "ScriptActionTaskDetails",
        name: "Warm up the web cache",
        path: "C:\\scripts\\warmup-cache.ps1",
        output: "",
        isPrimarySideScript: false,
      },
    },
    {
      taskId: "Group1PostRunbook",
      name: "Unknown",
      friendlyName: "Group 1: Post-steps: Attach public IPs",
      seconds: 45,
      customDetails: {
        instanceType: "AutomationRunbookTaskDetails",
        name: "Attach public IPs",
        cloudServiceName: "asr-automation",
        subscriptionId: "{subscriptionId}",
        accountName: "asr-automation",
        runbookId: "attach-public-ips",
        runbookName: "ASR-AddPublicIp",
        jobId: "",
        jobOutput: "",
        isPrimarySideScript: false,
      },
    },
    {
      taskId: "Group1PostManual",
      name: "Unknown",
      friendlyName: "Group 1: Post-steps: Check the application",
      customDetails: { instanceType: "ManualActionTaskDetails", name: "Check the application" },
      manual: {
        instructions: "Open the test site and check that sign-in works, then resume the job.",
        stateDescription: "WaitingForManualAction",
      },
    },
    PLAN_END,
  ],
};

/** Hyper-V site to Azure; the task has a GUID id and a manual-action type, as recorded. */
export const deleteRecoveryPlan: ScenarioDefinition = {
  name: "DeleteRecoveryPlan",
  scenarioName: "DeleteRecoveryPlan",
  friendlyName: "Delete a recovery plan",
  targetInstanceType: "RecoveryPlan",
  defaultTarget: PLAN,
  jobDetails: {
    instanceType: "AsrJobDetails",
    affectedObjects: "recoveryPlan",
    affectedObjectValues: HYPERV_TO_AZURE,
  },
  tasks: [
    {
      name: "DeleteRecoveryPlanTask",
      friendlyName: "Delete a recovery plan task",
      seconds: 0.0156,
      customDetails: { instanceType: "ManualActionTaskDetails" },
    },
  ],
};

export const RECOVERY_PLAN_SCENARIOS = [
  recoveryPlanUnplannedFailover,
  recoveryPlanTestFailover,
  deleteRecoveryPlan,
];
