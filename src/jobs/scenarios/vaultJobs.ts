// Jobs the vault runs about its own jobs: restarting one, exporting the job list.

import type { ScenarioDefinition } from "../scenarioSchema.js";

/** The target is the VM of the job being restarted (the caller passes it). */
export const restartJob: ScenarioDefinition = {
  name: "RestartJob",
  scenarioName: "RestartJob",
  friendlyName: "Restart job",
  targetInstanceType: "ProtectionEntity",
  defaultTarget: { name: "vm1" },
  jobDetails: { instanceType: "AsrJobDetails", affectedObjects: "none" },
  tasks: [
    {
      taskId: "RemediateWfTask",
      name: "RemediateTask",
      friendlyName: "Restarting job",
      seconds: 1.5,
      customDetails: { instanceType: "ManualActionTaskDetails" },
    },
  ],
};

/** Export jobs carry no friendly name and no target. The tasks are invented. */
export const exportJobs: ScenarioDefinition = {
  name: "ExportJobs",
  scenarioName: "ExportJobs",
  friendlyName: null,
  targetInstanceType: "Other",
  defaultTarget: { name: "", id: "" },
  jobDetails: { instanceType: "ExportJobDetails", affectedObjects: "none" },
  tasks: [
    {
      taskId: "ExportJobsQueryTask",
      name: "ExportJobsQuery",
      friendlyName: "Collecting the jobs to export",
      seconds: 0.6,
    },
    {
      taskId: "ExportJobsUploadTask",
      name: "ExportJobsUpload",
      friendlyName: "Uploading the exported jobs",
      seconds: 0.4,
    },
  ],
};

export const VAULT_JOB_SCENARIOS = [restartJob, exportJobs];
