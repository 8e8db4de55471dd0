// Renders a job record as the ARM resource body Site Recovery returns: the full form for a GET
// of one job, the list form (no tasks, activityId or customDetails) for list pages.

import type { AsrTask, GroupTaskDetails, Job, JobDetails, JobProperties } from "./model.js";
import { JOB_RESOURCE_TYPE } from "./model.js";
import { allowedActions } from "./engine.js";
import type { ChildTaskPlan, ChildTaskRun, JobRecord, TaskPlan, TaskRun } from "./record.js";
import { UNSET_TIME, formatTime, formatWholeSeconds } from "./time.js";
import { jobArmId } from "../arm/resourceIds.js";

export type RenderForm = "full" | "list";

export { jobArmId };

function taskTime(ms: number | null): string {
  return ms === null ? UNSET_TIME : formatTime(ms);
}

/** A VM or node task: it points at its child job once the group has started one. */
function renderChild(job: JobRecord, plan: ChildTaskPlan, run: ChildTaskRun | undefined): AsrTask {
  const started = run?.childJobName ?? null;
  const jobTask = {
    jobId: jobArmId(job.vault, started ?? ""),
    jobFriendlyName: started === null ? "Unknown" : (plan.childJob.friendlyName ?? ""),
    targetObjectId: plan.childJob.targetObjectId,
    targetObjectName: plan.childJob.targetObjectName,
    targetInstanceType: "Vm",
    jobScenarioName: started === null ? "Unknown" : plan.childJob.scenarioName,
  };
  const customDetails =
    plan.instanceType === "JobTaskDetails"
      ? { jobTask, instanceType: plan.instanceType }
      : {
          skippedReason: "None",
          skippedReasonString: null,
          jobTask,
          instanceType: plan.instanceType,
        };
  return {
    taskId: plan.taskId,
    name: plan.name,
    startTime: taskTime(run?.startTime ?? null),
    endTime: taskTime(run?.endTime ?? null),
    allowedActions: [],
    friendlyName: plan.friendlyName,
    state: run?.state ?? "NotStarted",
    stateDescription: run?.stateDescription ?? "NotStarted",
    taskType: plan.instanceType,
    customDetails,
    groupTaskCustomDetails: null,
    errors: [],
  };
}

function groupDetails(job: JobRecord, plan: TaskPlan, run: TaskRun): GroupTaskDetails | null {
  if (!plan.group) return null;
  const childTasks = plan.group.children.map((child, index) =>
    renderChild(job, child, run.children?.[index]),
  );
  const details = { ...plan.group.details, childTasks } as GroupTaskDetails;
  if (details.instanceType === "InlineWorkflowTaskDetails") {
    // The workflows of an inline group are the child jobs it started.
    details.workflowIds = (run.children ?? []).flatMap((child) =>
      child.childJobName === null ? [] : [child.childJobName],
    );
  }
  return details;
}

function taskDetails(plan: TaskPlan, run: TaskRun): AsrTask["customDetails"] {
  if (plan.group) return null;
  const details = plan.customDetails ?? { instanceType: "TaskDetails" };
  if (details.instanceType === "ManualActionTaskDetails" && run.observation !== undefined) {
    return { ...details, observation: run.observation };
  }
  return structuredClone(details);
}

function renderTask(job: JobRecord, plan: TaskPlan, run: TaskRun): AsrTask {
  return {
    taskId: plan.taskId,
    name: plan.name,
    startTime: taskTime(run.startTime),
    endTime: taskTime(run.endTime),
    allowedActions: [],
    friendlyName: plan.friendlyName,
    state: run.state,
    stateDescription: run.stateDescription,
    taskType: plan.taskType,
    customDetails: taskDetails(plan, run),
    groupTaskCustomDetails: groupDetails(job, plan, run),
    errors: structuredClone(run.errors),
  };
}

/** An export's blob location is only handed out once the export job has succeeded. */
function jobDetails(job: JobRecord): JobDetails {
  const details = structuredClone(job.customDetails);
  if (details.instanceType === "ExportJobDetails" && job.state !== "Succeeded") {
    delete details.blobUri;
    delete details.sasToken;
  }
  return details;
}

const FINISHED = new Set(["Succeeded", "Failed", "Cancelled"]);

export function renderJob(job: JobRecord, form: RenderForm): Job {
  const full = form === "full";
  const finished = job.endTime !== null && FINISHED.has(job.state);
  // Keys in the order Site Recovery writes them; start and end appear once they happened.
  const properties: JobProperties = {
    activityId: full ? job.activityId : null,
    scenarioName: job.scenarioName,
    friendlyName: job.friendlyName,
    state: job.state,
    stateDescription: job.stateDescription,
    tasks: full ? job.plan.map((plan, i) => renderTask(job, plan, job.runs[i] as TaskRun)) : [],
    errors: structuredClone(job.errors),
    ...(job.startTime !== null && { startTime: formatTime(job.startTime) }),
    ...(finished && job.endTime !== null && { endTime: formatWholeSeconds(job.endTime) }),
    allowedActions: allowedActions(job),
    targetObjectId: job.targetObjectId,
    targetObjectName: job.targetObjectName,
    targetInstanceType: job.targetInstanceType,
    customDetails: full ? jobDetails(job) : null,
  };
  return {
    id: jobArmId(job.vault, job.name),
    name: job.name,
    type: JOB_RESOURCE_TYPE,
    properties,
  };
}
