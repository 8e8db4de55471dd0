// affectedObjectDetails values shared by the scenarios of one replication type. Names are
// invented; the shapes follow recorded jobs (to-Azure jobs name the recovery side
// "Microsoft Azure" and leave recoveryVmId empty; A2A names regions in the *VmmName keys).

/** VMware or physical machines to Azure, through a configuration server. */
export const VMWARE_TO_AZURE = {
  primaryCloudName: "config-server-01",
  primaryVmmName: "config-server-01",
  recoveryCloudName: "Microsoft Azure",
  recoveryVmmName: "Microsoft Azure",
  recoveryVmId: "",
  primaryFabricProviderId: "VMware",
  recoveryFabricProviderId: "Azure",
};

/** Hyper-V hosts in a site (no VMM) to Azure. */
export const HYPERV_TO_AZURE = {
  primaryCloudName: "hyperv-site-01",
  primaryVmmName: "hyperv-site-01",
  recoveryCloudName: "Microsoft Azure",
  recoveryVmmName: "Microsoft Azure",
  recoveryVmId: "",
  primaryFabricProviderId: "HyperVSite",
  recoveryFabricProviderId: "Azure",
};

/** One VMM cloud to another (Hyper-V Replica): both sides are on-premises. */
export const VMM_TO_VMM = {
  primaryCloudName: "primary-cloud",
  primaryVmmName: "vmm01.contoso.local",
  recoveryCloudName: "recovery-cloud",
  recoveryVmmName: "vmm02.contoso.local",
  primaryFabricProviderId: "VMM",
  recoveryFabricProviderId: "VMM",
};

/** Azure region to Azure region. */
export const AZURE_TO_AZURE = {
  primaryCloudName: "asr-a2a-default-westus-container",
  primaryVmmName: "West US",
  recoveryCloudName: "asr-a2a-default-eastus-container",
  recoveryVmmName: "East US",
  recoveryVmId: "",
  primaryFabricProviderId: "Azure",
  recoveryFabricProviderId: "Azure",
};

/** The same as AZURE_TO_AZURE, seen from the recovery region after a failover. */
export const AZURE_TO_AZURE_REVERSED = {
  primaryCloudName: AZURE_TO_AZURE.recoveryCloudName,
  primaryVmmName: AZURE_TO_AZURE.recoveryVmmName,
  recoveryCloudName: AZURE_TO_AZURE.primaryCloudName,
  recoveryVmmName: AZURE_TO_AZURE.primaryVmmName,
  recoveryVmId: "",
  primaryFabricProviderId: "Azure",
  recoveryFabricProviderId: "Azure",
};
