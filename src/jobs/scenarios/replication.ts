// Jobs that start, change, repair or stop the replication of one VM.
// Task lists and durations are the recorded ones unless a comment says otherwise.

import type { ScenarioDefinition } from "../scenarioSchema.js";
import { VMM_TO_VMM, VMWARE_TO_AZURE } from "./values.js";

const VM = { name: "vm1" };

const VMWARE_VM = {
  instanceType: "AsrJobDetails",
  affectedObjects: "vm",
  affectedObjectValues: VMWARE_TO_AZURE,
} as const;

const UPDATE_DRA_STATE = {
  taskId: "UpdateDraStateTask",
  name: "UpdateDraState",
  friendlyName: "Updating the provider states",
};

/** VMware to Azure. */
export const enableDr: ScenarioDefinition = {
  name: "EnableDr",
  scenarioName: "EnableDr",
  friendlyName: "Enable replication",
  targetInstanceType: "ProtectionEntity",
  defaultTarget: VM,
  jobDetails: VMWARE_VM,
  tasks: [
    {
      taskId: "EnableProtectionPreflightChecksTask",
      name: "EnableProtectionPrerequisitesCheck",
      friendlyName: "Prerequisites check for enabling protection",
      seconds: 2.4,
    },
    {
      taskId: "CreateProtectionTargetTask",
      name: "CreateProtectionTarget",
      friendlyName: "Installing Mobility Service and preparing target",
      seconds: 51,
    },
    {
      taskId: "EnableProtectionTask",
      name: "EnableProtection",
      friendlyName: "Enable replication",
      seconds: 7.4,
    },
    {
      taskId: "StartInitialReplicationTask",
      name: "VmStartInitialReplication",
      friendlyName: "Starting initial replication",
      seconds: 2.8,
    },
    { ...UPDATE_DRA_STATE, seconds: 0.04 },
  ],
};

/** VMM to VMM. Only a running job was recorded: the durations are invented. */
export const disableDr: ScenarioDefinition = {
  name: "DisableDr",
  scenarioName: "DisableDr",
  friendlyName: "Disable replication",
  targetInstanceType: "ProtectionEntity",
  defaultTarget: VM,
  jobDetails: {
    instanceType: "AsrJobDetails",
    affectedObjects: "vm",
    affectedObjectValues: VMM_TO_VMM,
  },
  tasks: [
    {
      taskId: "DisableProtectionOnPrimaryTask",
      name: "DisableProtectionOnPrimary",
      friendlyName: "Disable replication on the source location",
      seconds: 12,
    },
    {
      taskId: "DisableProtectionOnSecondaryTask",
      name: "DisableProtectionOnSecondary",
      friendlyName: "Disable replication on the target location",
      seconds: 8,
    },
    { ...UPDATE_DRA_STATE, seconds: 0.3 },
  ],
};

/** Azure to Azure; it follows an EnableDr once initial replication is done. */
export const secondaryIrCompletion: ScenarioDefinition = {
  name: "SecondaryIrCompletion",
  scenarioName: "SecondaryIrCompletion",
  friendlyName: "Finalize protection on the recovery virtual machine",
  targetInstanceType: "ProtectionEntity",
  defaultTarget: VM,
  jobDetails: VMWARE_VM,
  tasks: [
    {
      taskId: "CompleteInitialReplicationTask",
      name: "CompleteInitialReplication",
      friendlyName: "Complete initial replication",
      seconds: 0.2,
    },
    {
      taskId: "ReplicaConfigurationPreflightChecksTask",
      name: "FailWorkflowOnIRFailureTask",
      friendlyName: "Finalizing initial replication",
      seconds: 0.1,
    },
    {
      taskId: "ReplicaConfigurationTask",
      name: "ReplicaConfiguration",
      friendlyName: "Complete network and post-replication configuration",
      seconds: 4.5,
    },
    { ...UPDATE_DRA_STATE, seconds: 0.3 },
  ],
};

/** VMM to VMM reprotect after a failover; every taskId is a GUID. */
export const reverseReplication: ScenarioDefinition = {
  name: "ReverseReplication",
  scenarioName: "ReverseReplication",
  friendlyName: "Reverse replication",
  targetInstanceType: "ProtectionEntity",
  defaultTarget: VM,
  jobDetails: {
    instanceType: "AsrJobDetails",
    affectedObjects: "vm",
    affectedObjectValues: {
      ...VMM_TO_VMM,
      primaryCloudName: VMM_TO_VMM.recoveryCloudName,
      primaryVmmName: VMM_TO_VMM.recoveryVmmName,
      recoveryCloudName: VMM_TO_VMM.primaryCloudName,
      recoveryVmmName: VMM_TO_VMM.primaryVmmName,
    },
  },
  tasks: [
    {
      name: "VmReverseReplicationPrerequisitesCheck",
      friendlyName: "Prerequisites check",
      seconds: 0.2,
    },
    { name: "VmCommit", friendlyName: "Commit", seconds: 9.9 },
    { name: "VmShutdownVmOnSecondary", friendlyName: "Shut down the virtual machine", seconds: 69 },
    {
      name: "VmPrepareForReverseReplication",
      friendlyName: "Preparing for reverse replication",
      seconds: 10.5,
    },
    {
      name: "VmInitiateReverseReplication",
      friendlyName: "Start reverse replication",
      seconds: 14,
    },
    {
      name: "VmStartInitialReplication",
      friendlyName: "Starting initial replication",
      skipped: true,
    },
    // Recorded as 5 s starting 15 s after the previous task; tasks here start back to back.
    { name: "UpdateDraState", friendlyName: "Updating the provider states", seconds: 20 },
  ],
};

/** VMware failback: Azure back to the on-premises site, through a new EnableDr job. */
export const switchReplicationGroupProtection: ScenarioDefinition = {
  name: "SwitchReplicationGroupProtection",
  scenarioName: "SwitchReplicationGroupProtection",
  friendlyName: "Reprotect",
  targetInstanceType: "ProtectionEntity",
  defaultTarget: VM,
  jobDetails: {
    instanceType: "SwitchProtectionJobDetails",
    affectedObjects: "vm",
    affectedObjectValues: {
      ...VMWARE_TO_AZURE,
      primaryCloudName: "Microsoft Azure",
      primaryVmmName: "Microsoft Azure",
      recoveryCloudName: VMWARE_TO_AZURE.primaryCloudName,
      recoveryVmmName: VMWARE_TO_AZURE.primaryVmmName,
      recoveryFabricProviderId: "VMware",
    },
  },
  tasks: [
    {
      taskId: "SwitchReplicationGroupProtectionPreflightTask",
      name: "SwitchReplicationGroupProtectionPreflightTask",
      friendlyName: "Prerequisite check",
      seconds: 0.08,
    },
    {
      taskId: "CommitFailoverTask",
      name: "VmCommitFailover",
      friendlyName: "Committing failover",
      skipped: true,
    },
    {
      taskId: "DiscoverReplicaTask",
      name: "DiscoverReplicaTask",
      friendlyName: "Discovering replica virtual machine",
      seconds: 0.25,
    },
    {
      taskId: "GetSwitchProtectionRequirementsTask",
      name: "GetSwitchProtectionRequirementsTask",
      friendlyName: "Getting reprotection requirements",
      seconds: 0.2,
    },
    {
      taskId: "ProtectReplicaTask",
      name: "ProtectReplicaTask",
      friendlyName: "Reprotecting virtual machine (1)",
      // Recorded: the group closed about a minute after its child; here it ends with it.
      group: {
        instanceType: "GroupTaskDetails",
        children: [
          {
            taskId: "EnableDr",
            instanceType: "JobTaskDetails",
            seconds: 67,
            scenario: "EnableDr",
            target: "{targetObjectName}",
          },
        ],
      },
    },
  ],
};

/** VMware to Azure. The only recording failed after this long; a success may well be faster. */
export const updateMobilityService: ScenarioDefinition = {
  name: "UpdateMobilityService",
  scenarioName: "UpdateMobilityService",
  friendlyName: "Update Mobility Service",
  targetInstanceType: "ProtectionEntity",
  defaultTarget: VM,
  jobDetails: VMWARE_VM,
  tasks: [
    {
      taskId: "UpdateMobilityServiceTask",
      name: "UpdateMobilityServiceTask",
      friendlyName: "Updating Mobility Service",
      seconds: 2140,
    },
  ],
};

/** VMware to Azure. */
export const repairVmReplication: ScenarioDefinition = {
  name: "RepairVMReplication",
  scenarioName: "RepairVMReplication",
  friendlyName: "Resynchronize the virtual machine",
  targetInstanceType: "ProtectionEntity",
  defaultTarget: VM,
  jobDetails: VMWARE_VM,
  tasks: [
    {
      taskId: "RepairVmReplicationTask",
      name: "RepairVmReplicationTask",
      friendlyName: "Starting resynchronization for the virtual machine",
      seconds: 55,
    },
  ],
};

/** Task list not recorded: ids, names and durations are invented. */
export const updateVmProperties: ScenarioDefinition = {
  name: "UpdateVmProperties",
  scenarioName: "UpdateVmProperties",
  friendlyName: "Update the virtual machine",
  targetInstanceType: "ProtectionEntity",
  defaultTarget: VM,
  jobDetails: VMWARE_VM,
  tasks: [
    {
      taskId: "UpdateVmPropertiesPreflightChecksTask",
      name: "UpdateVmPropertiesPrerequisitesCheck",
      friendlyName: "Prerequisites check for updating the virtual machine",
      seconds: 0.6,
    },
    {
      taskId: "UpdateVmPropertiesTask",
      name: "UpdateVmProperties",
      friendlyName: "Updating the virtual machine properties",
      seconds: 3.2,
    },
  ],
};

/** Task list not recorded: ids, names, NIC id and durations are invented. */
export const vmNicUpdate: ScenarioDefinition = {
  name: "VMNicUpdate",
  scenarioName: "VMNicUpdate",
  friendlyName: "Update network settings",
  targetInstanceType: "ProtectionEntity",
  defaultTarget: VM,
  jobDetails: VMWARE_VM,
  tasks: [
    {
      taskId: "VmNicUpdatePreflightChecksTask",
      name: "VmNicUpdatePrerequisitesCheck",
      friendlyName: "Prerequisites check for updating network settings",
      seconds: 0.4,
    },
    {
      taskId: "VmNicUpdateTask",
      name: "VmNicUpdate",
      friendlyName: "Updating network settings of the virtual machine",
      seconds: 2.5,
      customDetails: {
        instanceType: "VmNicUpdatesTaskDetails",
        vmId: "{targetObjectId}",
        nicId: "{targetObjectName}-nic-01",
        name: "{targetObjectName}-nic-01",
      },
    },
  ],
};

export const REPLICATION_SCENARIOS = [
  enableDr,
  disableDr,
  secondaryIrCompletion,
  reverseReplication,
  switchReplicationGroupProtection,
  updateMobilityService,
  repairVmReplication,
  updateVmProperties,
  vmNicUpdate,
];
