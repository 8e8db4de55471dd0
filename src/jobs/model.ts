// The Replication Jobs wire model, as the 2021-08-01 contract defines it. Every other module
// (engine, renderer, store, routes) shares these shapes instead of redefining them.

export const JOB_RESOURCE_TYPE = "Microsoft.RecoveryServices/vaults/replicationJobs";

export interface Job {
  id: string;
  name: string;
  type: string;
  location?: string;
  properties: JobProperties;
}

export interface JobCollection {
  value: Job[];
  nextLink: string | null;
}

export interface JobProperties {
  activityId: string | null;
  scenarioName: string | null;
  friendlyName?: string | null;
  state: string;
  stateDescription: string;
  tasks: AsrTask[];
  errors: JobErrorDetails[];
  startTime?: string;
  endTime?: string;
  allowedActions: string[];
  targetObjectId: string | null;
  targetObjectName: string | null;
  targetInstanceType: string;
  customDetails: JobDetails | null;
}

export interface AsrTask {
  taskId: string;
  name: string;
  startTime: string;
  endTime: string;
  allowedActions: string[];
  friendlyName: string;
  state: string;
  stateDescription: string;
  taskType: string;
  customDetails: TaskTypeDetails | null;
  groupTaskCustomDetails: GroupTaskDetails | null;
  errors: JobErrorDetails[];
}

export interface ServiceError {
  code: string;
  message: string;
  possibleCauses: string;
  recommendedAction: string;
  activityId: string | null;
}

export interface ProviderError {
  errorCode: number;
  errorMessage: string | null;
  errorId: string;
  possibleCauses: string;
  recommendedAction: string;
}

export interface JobErrorDetails {
  serviceErrorDetails?: ServiceError;
  providerErrorDetails?: ProviderError;
  errorLevel: string;
  creationTime: string;
  taskId: string | null;
}

export interface JobEntity {
  jobId: string;
  jobFriendlyName: string;
  targetObjectId: string;
  targetObjectName: string;
  targetInstanceType: string;
  jobScenarioName: string;
}

export interface InconsistentVmDetails {
  vmName?: string;
  cloudName?: string;
  details?: string[];
  errorIds?: string[];
}

export interface FailoverReplicationProtectedItemDetails {
  name?: string;
  friendlyName?: string;
  testVmName?: string | null;
  testVmFriendlyName?: string | null;
  networkConnectionStatus?: string | null;
  networkFriendlyName?: string | null;
  subnet?: string | null;
  recoveryPointId?: string | null;
  recoveryPointTime?: string | null;
}

// TaskTypeDetails: discriminated by instanceType. Fields beyond instanceType are optional
// because the contract marks none of them required.
export type TaskTypeDetails =
  | { instanceType: "TaskDetails" }
  | ({ instanceType: "AutomationRunbookTaskDetails" } & {
      name?: string;
      cloudServiceName?: string;
      subscriptionId?: string;
      accountName?: string;
      runbookId?: string;
      runbookName?: string;
      jobId?: string;
      jobOutput?: string;
      isPrimarySideScript?: boolean;
    })
  | { instanceType: "ConsistencyCheckTaskDetails"; vmDetails?: InconsistentVmDetails[] }
  | { instanceType: "JobTaskDetails"; jobTask?: JobEntity }
  | {
      instanceType: "FabricReplicationGroupTaskDetails" | "VirtualMachineTaskDetails";
      jobTask?: JobEntity;
      skippedReason?: string;
      skippedReasonString?: string | null;
    }
  | {
      instanceType: "ManualActionTaskDetails";
      name?: string;
      instructions?: string;
      observation?: string;
    }
  | {
      instanceType: "ScriptActionTaskDetails";
      name?: string;
      path?: string;
      output?: string;
      isPrimarySideScript?: boolean;
    }
  | { instanceType: "VmNicUpdatesTaskDetails"; vmId?: string; nicId?: string; name?: string };

export type TaskTypeDetailsKind = TaskTypeDetails["instanceType"];

export type GroupTaskDetails =
  | { instanceType: "GroupTaskDetails"; childTasks: AsrTask[] }
  | { instanceType: "InlineWorkflowTaskDetails"; childTasks: AsrTask[]; workflowIds?: string[] }
  | {
      instanceType: "RecoveryPlanGroupTaskDetails" | "RecoveryPlanShutdownGroupTaskDetails";
      childTasks: AsrTask[];
      name?: string;
      groupId?: string;
      rpGroupType?: string;
    };

export type GroupTaskDetailsKind = GroupTaskDetails["instanceType"];

export type JobDetails =
  | { instanceType: "AsrJobDetails"; affectedObjectDetails?: Record<string, string> }
  | {
      instanceType: "ExportJobDetails";
      affectedObjectDetails?: Record<string, string>;
      blobUri?: string;
      sasToken?: string;
    }
  | {
      instanceType: "FailoverJobDetails";
      affectedObjectDetails?: Record<string, string>;
      protectedItemDetails?: FailoverReplicationProtectedItemDetails[];
    }
  | {
      instanceType: "SwitchProtectionJobDetails";
      affectedObjectDetails?: Record<string, string>;
      newReplicationProtectedItemId?: string;
    }
  | {
      instanceType: "TestFailoverJobDetails";
      affectedObjectDetails?: Record<string, string>;
      testFailoverStatus?: string | null;
      comments?: string | null;
      networkName?: string | null;
      networkFriendlyName?: string | null;
      networkType?: string | null;
      protectedItemDetails?: FailoverReplicationProtectedItemDetails[];
    };

export type JobDetailsKind = JobDetails["instanceType"];

/** The body of POST .../replicationJobs/export, and the parsed form of a list $filter. */
export interface JobQueryParameter {
  startTime?: string;
  endTime?: string;
  fabricId?: string;
  affectedObjectTypes?: string;
  jobStatus?: string;
  jobOutputType?: string;
  jobName?: string;
  timezoneOffset?: number;
}

export interface ResumeJobParams {
  properties?: { comments?: string };
}
