// Jobs that set up or maintain the vault's infrastructure: policies, sites, servers.

import type { ScenarioDefinition } from "../scenarioSchema.js";
import { HYPERV_TO_AZURE, VMWARE_TO_AZURE } from "./values.js";

/** Hyper-V site to Azure; the second task was recorded as taking no time at all. */
export const addProtectionProfile: ScenarioDefinition = {
  name: "AddProtectionProfile",
  scenarioName: "AddProtectionProfile",
  friendlyName: "Create replication policy",
  targetInstanceType: "ProtectionProfile",
  defaultTarget: { name: "replication-policy-24h" },
  jobDetails: { instanceType: "AsrJobDetails", affectedObjects: "none" },
  tasks: [
    {
      taskId: "AddProtectionProfilePreflightsCheckTask",
      name: "AddProtectionProfilePreflightsCheckTask",
      friendlyName: "Prerequisites check for creating the replication policy",
      seconds: 0.2,
    },
    {
      taskId: "AddProtectionProfileTask",
      name: "AddProtectionProfileTask",
      friendlyName: "Creating the replication policy",
      seconds: 0,
    },
  ],
};

/**
 * Azure to Azure. Recorded jobs lasted 66–88 s with the one task starting near the end; tasks
 * here start with the job, so the wait is folded into the task.
 */
export const createSite: ScenarioDefinition = {
  name: "CreateSite",
  scenarioName: "CreateSite",
  friendlyName: "Create a site",
  targetInstanceType: "Server",
  defaultTarget: { name: "West US" },
  jobDetails: {
    instanceType: "AsrJobDetails",
    affectedObjects: "server",
    affectedObjectValues: { primaryFabricProviderId: "Azure" },
  },
  tasks: [
    {
      taskId: "RegisterVMMTask",
      name: "RegisterVmmTask",
      friendlyName: "Registering the server",
      seconds: 66,
    },
  ],
};

/** Hyper-V site to Azure. Only list entries were seen: the tasks are invented. */
export const registerDra: ScenarioDefinition = {
  name: "RegisterDra",
  scenarioName: "RegisterDra",
  friendlyName: "Register the Azure Site Recovery Provider",
  targetInstanceType: "Server",
  defaultTarget: { name: "hyperv-host-01.contoso.local" },
  jobDetails: {
    instanceType: "AsrJobDetails",
    affectedObjects: "server",
    affectedObjectValues: { primaryFabricProviderId: HYPERV_TO_AZURE.primaryFabricProviderId },
  },
  tasks: [
    {
      taskId: "RegisterDraPreflightChecksTask",
      name: "RegisterDraPrerequisitesCheck",
      friendlyName: "Prerequisites check for registering the provider",
      seconds: 0.4,
    },
    {
      taskId: "RegisterDraTask",
      name: "RegisterDra",
      friendlyName: "Registering the provider",
      seconds: 1.3,
    },
  ],
};

/** VMware to Azure; the target is the configuration server, with an upper-case id. */
export const processServerFailover: ScenarioDefinition = {
  name: "ProcessServerFailover",
  scenarioName: "ProcessServerFailover",
  friendlyName: "Changing Process server",
  targetInstanceType: "Server",
  defaultTarget: { name: "config-server-01", id: "3C1A52F4-6E0B-4D9A-8F2E-7B5D19C4A0E6" },
  jobDetails: {
    instanceType: "AsrJobDetails",
    affectedObjects: "server",
    affectedObjectValues: { primaryFabricProviderId: VMWARE_TO_AZURE.primaryFabricProviderId },
  },
  tasks: [
    {
      taskId: "ProcessServerFailoverTask",
      name: "ProcessServerFailoverTask",
      friendlyName: "Changing Process server",
      seconds: 3.4,
    },
  ],
};

/** Only list entries were seen: the tasks, and the consistency report, are invented. */
export const refreshFabricLayout: ScenarioDefinition = {
  name: "RefreshFabricLayout",
  scenarioName: "RefreshFabricLayout",
  friendlyName: "Refresh server details",
  targetInstanceType: "Server",
  defaultTarget: { name: "config-server-01" },
  jobDetails: {
    instanceType: "AsrJobDetails",
    affectedObjects: "server",
    affectedObjectValues: { primaryFabricProviderId: VMWARE_TO_AZURE.primaryFabricProviderId },
  },
  tasks: [
    {
      taskId: "RefreshFabricLayoutTask",
      name: "RefreshFabricLayout",
      friendlyName: "Refreshing the server details",
      seconds: 18,
    },
    {
      taskId: "ConsistencyCheckTask",
      name: "FabricConsistencyCheck",
      friendlyName: "Checking consistency of the virtual machines",
      seconds: 2.1,
      customDetails: {
        instanceType: "ConsistencyCheckTaskDetails",
        vmDetails: [
          {
            vmName: "vm7",
            cloudName: VMWARE_TO_AZURE.primaryCloudName,
            details: ["The virtual machine is no longer found on the server."],
            errorIds: ["78080"],
          },
        ],
      },
    },
  ],
};

export const SETUP_SCENARIOS = [
  addProtectionProfile,
  createSite,
  registerDra,
  processServerFailover,
  refreshFabricLayout,
];
