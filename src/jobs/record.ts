// What the emulator stores about a job: the plan it was created with (from its scenario) and
// what has happened to it so far. The ARM Job body is rendered from this record; the engine
// moves it forward in time. All instants are engine-clock milliseconds since the Unix epoch.

import type { GroupTaskDetails, JobDetails, JobErrorDetails, TaskTypeDetails } from "./model.js";

export type JobState =
  "NotStarted" | "InProgress" | "Suspended" | "Cancelling" | "Succeeded" | "Failed" | "Cancelled";

export type TaskState =
  "NotStarted" | "InProgress" | "Succeeded" | "Failed" | "Cancelled" | "Other";

/** The vault a job belongs to, with names as the caller first wrote them. */
export interface VaultRef {
  subscriptionId: string;
  resourceGroup: string;
  vaultName: string;
}

/** A Site Recovery error to report when a task fails (see `failAtTask`). */
export interface ErrorSpec {
  code: string;
  message: string;
  possibleCauses: string;
  recommendedAction: string;
  provider?: {
    errorCode: number;
    errorMessage: string | null;
    possibleCauses: string;
    recommendedAction: string;
  };
}

/** A child of a group task: one VM or node, carried out by a job of its own. */
export interface ChildTaskPlan {
  taskId: string;
  name: string;
  friendlyName: string;
  /** VirtualMachineTaskDetails, JobTaskDetails or FabricReplicationGroupTaskDetails. */
  instanceType:
    "JobTaskDetails" | "VirtualMachineTaskDetails" | "FabricReplicationGroupTaskDetails";
  durationMs: number;
  childJob: {
    scenarioName: string;
    targetObjectId: string;
    targetObjectName: string;
    /** The child job's friendlyName, which the parent's task shows once the job exists. */
    friendlyName?: string | null;
    /** Catalogue name of the scenario that creates the job, when it is not `scenarioName`. */
    scenario?: string;
  };
}

export interface TaskPlan {
  taskId: string;
  name: string;
  friendlyName: string;
  taskType: string;
  durationMs: number;
  /** Shown as Other/Skipped and never run, as Site Recovery does for steps that do not apply. */
  skipped?: boolean;
  customDetails: TaskTypeDetails | null;
  group?: {
    details: Omit<GroupTaskDetails, "childTasks">;
    children: ChildTaskPlan[];
  };
  /** A manual step: the job suspends when the task starts, until it is resumed. */
  manual?: { instructions: string; stateDescription: string };
  /** Fail the job when this task ends; consumed once it fires, so a restart runs clean. */
  failure?: ErrorSpec;
}

export interface ChildTaskRun {
  state: TaskState;
  stateDescription: string;
  startTime: number | null;
  endTime: number | null;
  /** The name of the job that carries this child out, once the group has started. */
  childJobName: string | null;
}

export interface TaskRun {
  state: TaskState;
  stateDescription: string;
  startTime: number | null;
  endTime: number | null;
  errors: JobErrorDetails[];
  /** What the caller wrote when resuming a manual step. */
  observation?: string;
  children?: ChildTaskRun[];
}

export interface JobRecord {
  name: string;
  vault: VaultRef;
  scenarioName: string;
  friendlyName: string | null;
  targetObjectId: string;
  targetObjectName: string;
  targetInstanceType: string;
  fabricId: string | null;
  activityId: string | null;
  customDetails: JobDetails;

  createdAt: number;
  /** When the job leaves NotStarted (creation time plus any start delay). */
  startAt: number;
  state: JobState;
  stateDescription: string;
  startTime: number | null;
  endTime: number | null;
  errors: JobErrorDetails[];

  plan: TaskPlan[];
  runs: TaskRun[];
  /** Index of the task running, suspended or next to run. */
  cursor: number;
  /** When a cancel takes effect (the running task stops). Set while Cancelling. */
  cancelAt: number | null;
  /** The job whose group task this job carries out, if any. */
  parentJobName: string | null;

  /** The next instant at which the engine has work to do on this job; null while waiting. */
  dueAt: number | null;
  /** Optimistic-concurrency counter: every write must name the version it read. */
  version: number;
}

/** What the Location and Azure-AsyncOperation URLs of one action read from. */
export interface OperationRecord {
  /** The id in the polling URLs: the name of the job that tracks the action. */
  name: string;
  vault: VaultRef;
  /** "job": the job's own progress, for jobs started by operations outside this API. */
  kind: "cancel" | "restart" | "resume" | "export" | "job";
  /** The job acted on (for export: the ExportJobs job). */
  jobName: string;
  /** The job whose state tells the action's outcome. */
  trackingJobName: string;
  startTime: number;
}

/** An exported job list, served to holders of a valid SAS token. */
export interface BlobRecord {
  name: string;
  contentType: string;
  content: Buffer;
  createdAt: number;
}
