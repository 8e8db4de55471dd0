// The job state machine. Pure functions over a JobRecord: time is always passed in, nothing is
// read or written, and inputs are never mutated. A job's history is a sequence of transitions,
// each stamped with the instant it was due, so the same record advanced to the same time gives
// the same result however often it is polled in between.

import { randomUUID } from "node:crypto";
import { errors } from "../arm/errors.js";
import type { ScenarioCatalogue } from "./catalogue.js";
import type { FailoverReplicationProtectedItemDetails, JobErrorDetails } from "./model.js";
import { createJobRecord } from "./newJob.js";
import type { ChildTaskRun, ErrorSpec, JobRecord, TaskRun } from "./record.js";
import { scaledTaskSeconds } from "./taskDurations.js";
import { formatTime } from "./time.js";

/** How long a requested cancel takes to stop the running task. */
export const CANCEL_LATENCY_MS = 2000;

/** How long before the job's start the latest recovery point was taken (invented). */
const RECOVERY_POINT_AGE_MS = 120_000;

export interface Advance {
  job: JobRecord;
  /** Child jobs started by group tasks, to be stored alongside the job. */
  spawned: JobRecord[];
}

type Action = "Cancel" | "Restart" | "Resume";

/** The one place that decides what a caller may do with a job in its current state. */
export function allowedActions(job: JobRecord): Action[] {
  // A job that carries out another job's group task is driven by that job: acting on it alone
  // would leave the parent's task tree saying something else, so only the parent is acted on.
  if (job.parentJobName !== null) return [];
  switch (job.state) {
    case "InProgress":
      return ["Cancel"];
    case "Suspended":
      return ["Cancel", "Resume"];
    case "Failed":
    case "Cancelled":
      return ["Restart"];
    default:
      return [];
  }
}

function requireAllowed(job: JobRecord, action: Action): void {
  const allowed = allowedActions(job);
  if (allowed.includes(action)) return;
  if (job.parentJobName !== null) throw errors.partOfParentJob(action, job.name, job.parentJobName);
  throw errors.actionNotAllowed(action, job.name, job.state, allowed);
}

/** Applies every transition due at or before `now`, in time order. */
export function advanceJob(job: JobRecord, now: number, catalogue: ScenarioCatalogue): Advance {
  const next = structuredClone(job);
  const spawned: JobRecord[] = [];
  for (let due = nextDueAt(next); due !== null && due <= now; due = nextDueAt(next)) {
    applyDue(next, due, catalogue, spawned);
  }
  next.dueAt = nextDueAt(next);
  return { job: next, spawned };
}

/** The instant the job next has work to do, or null while it waits or is finished. */
function nextDueAt(job: JobRecord): number | null {
  switch (job.state) {
    case "NotStarted":
      return job.startAt;
    case "Cancelling":
      return job.cancelAt;
    case "InProgress":
      return runningDueAt(job);
    default:
      return null;
  }
}

function runningDueAt(job: JobRecord): number | null {
  const plan = job.plan[job.cursor];
  const run = job.runs[job.cursor];
  // Resume and restart queue the next task to start at the action's instant.
  if (!plan || !run || run.state === "NotStarted") return job.dueAt;
  if (run.startTime === null || run.state !== "InProgress") return null;

  let due = run.startTime + plan.durationMs;
  plan.group?.children.forEach((child, index) => {
    const childRun = run.children?.[index];
    if (childRun?.state !== "InProgress" || childRun.startTime === null) return;
    due = Math.min(due, childRun.startTime + child.durationMs);
  });
  return due;
}

function applyDue(
  job: JobRecord,
  at: number,
  catalogue: ScenarioCatalogue,
  spawned: JobRecord[],
): void {
  if (job.state === "NotStarted") {
    job.state = "InProgress";
    job.stateDescription = "InProgress";
    job.startTime = at;
    startTask(job, 0, at, catalogue, spawned);
    return;
  }
  if (job.state === "Cancelling") {
    finishCancel(job, at);
    return;
  }

  const plan = job.plan[job.cursor];
  const run = job.runs[job.cursor];
  if (!plan || !run || run.state === "NotStarted") {
    startTask(job, job.cursor, at, catalogue, spawned);
    return;
  }
  finishDueChildren(job, at);
  if (run.startTime !== null && run.startTime + plan.durationMs <= at) endTask(job, at);
}

function finishDueChildren(job: JobRecord, at: number): void {
  const plan = job.plan[job.cursor];
  const run = job.runs[job.cursor];
  plan?.group?.children.forEach((child, index) => {
    const childRun = run?.children?.[index];
    if (childRun?.state !== "InProgress" || childRun.startTime === null) return;
    const end = childRun.startTime + child.durationMs;
    if (end <= at) setChild(childRun, "Succeeded", "Completed", end);
  });
}

function setChild(run: ChildTaskRun, state: "Succeeded" | "Cancelled", text: string, at: number) {
  run.state = state;
  run.stateDescription = text;
  run.endTime = at;
}

/** Starts task `index` (passing over skipped ones), or completes the job after the last. */
function startTask(
  job: JobRecord,
  index: number,
  at: number,
  catalogue: ScenarioCatalogue,
  spawned: JobRecord[],
): void {
  let cursor = index;
  while (job.plan[cursor]?.skipped) {
    const run = job.runs[cursor];
    if (run) Object.assign(run, { state: "Other", stateDescription: "Skipped" });
    cursor += 1;
  }
  job.cursor = cursor;

  const plan = job.plan[cursor];
  const run = job.runs[cursor];
  if (!plan || !run) {
    completeJob(job, at);
    return;
  }
  Object.assign(run, { state: "InProgress", stateDescription: "InProgress", startTime: at });
  run.endTime = null;

  if (plan.manual) {
    job.state = "Suspended";
    job.stateDescription = plan.manual.stateDescription;
    return;
  }
  if (plan.group) startChildren(job, at, catalogue, spawned);
}

/** Starts a group's unfinished children, each carried out by a new child job. */
function startChildren(
  job: JobRecord,
  at: number,
  catalogue: ScenarioCatalogue,
  spawned: JobRecord[],
): void {
  const plan = job.plan[job.cursor];
  const run = job.runs[job.cursor];
  plan?.group?.children.forEach((child, index) => {
    const childRun = run?.children?.[index];
    if (!childRun || childRun.state === "Succeeded") return;
    Object.assign(childRun, { state: "InProgress", stateDescription: "InProgress" });
    childRun.startTime = at;
    childRun.endTime = null;

    const scenario = catalogue.get(child.childJob.scenario ?? child.childJob.scenarioName);
    if (!scenario) return; // the catalogue changed since the job was created: run without one
    const childJob = createJobRecord(catalogue, {
      vault: job.vault,
      scenario: scenario.name,
      now: at,
      startAt: at,
      targetObjectId: child.childJob.targetObjectId,
      targetObjectName: child.childJob.targetObjectName,
      taskSeconds: scaledTaskSeconds(scenario, child.durationMs),
      parentJobName: job.name,
      ...(job.activityId !== null && { activityId: job.activityId }),
      ...(job.fabricId !== null && { fabricId: job.fabricId }),
    });
    childRun.childJobName = childJob.name;
    spawned.push(childJob);
  });
}

/** The running task reached its end: it succeeds and the next starts, or the job fails. */
function endTask(job: JobRecord, at: number): void {
  const plan = job.plan[job.cursor];
  const run = job.runs[job.cursor];
  if (!plan || !run) return;
  if (plan.failure) {
    failJob(job, run, plan.taskId, plan.failure, at);
    delete plan.failure;
    return;
  }
  Object.assign(run, { state: "Succeeded", stateDescription: "Completed", endTime: at });
  // Starting the next task is queued at `at` rather than done here, so group spawning always
  // happens inside advanceJob where the catalogue is at hand.
  job.cursor += 1;
  job.dueAt = at;
}

function failJob(job: JobRecord, run: TaskRun, taskId: string, spec: ErrorSpec, at: number) {
  const error: JobErrorDetails = {
    serviceErrorDetails: {
      code: spec.code,
      message: spec.message,
      possibleCauses: spec.possibleCauses,
      recommendedAction: spec.recommendedAction,
      activityId: job.activityId,
    },
    ...(spec.provider && {
      providerErrorDetails: { ...spec.provider, errorId: randomUUID() },
    }),
    errorLevel: "Error",
    creationTime: formatTime(at),
    taskId,
  };
  Object.assign(run, { state: "Failed", stateDescription: "Failed", endTime: at });
  run.errors = [error];
  job.state = "Failed";
  job.stateDescription = "Failed";
  job.endTime = at;
  job.errors = [structuredClone(error)];
}

function completeJob(job: JobRecord, at: number): void {
  job.state = "Succeeded";
  job.stateDescription = "Completed";
  job.endTime = at;
  fillProtectedItems(job);
}

/** Failover jobs report the VMs they failed over, and to which recovery point, at the end. */
function fillProtectedItems(job: JobRecord): void {
  const details = job.customDetails;
  if (
    details.instanceType !== "FailoverJobDetails" &&
    details.instanceType !== "TestFailoverJobDetails"
  ) {
    return;
  }
  const pointTime = formatTime((job.startTime ?? job.startAt) - RECOVERY_POINT_AGE_MS);
  const isTest = details.instanceType === "TestFailoverJobDetails";
  const network = isTest ? (details.networkFriendlyName ?? null) : "asr-recovery-vnet";

  details.protectedItemDetails = protectedVms(job).map(
    (vm): FailoverReplicationProtectedItemDetails => ({
      name: vm.id,
      friendlyName: vm.name,
      testVmName: isTest ? `${vm.name}-test` : null,
      testVmFriendlyName: isTest ? `${vm.name}-test` : null,
      networkConnectionStatus: isTest ? "Connected" : null,
      networkFriendlyName: network,
      subnet: "default",
      recoveryPointId: randomUUID(),
      recoveryPointTime: pointTime,
    }),
  );
}

/** The job's target, or for a plan the distinct VMs its group tasks acted on. */
function protectedVms(job: JobRecord): { id: string; name: string }[] {
  const vms = new Map<string, string>();
  for (const plan of job.plan) {
    for (const child of plan.group?.children ?? []) {
      vms.set(child.childJob.targetObjectId, child.childJob.targetObjectName);
    }
  }
  if (vms.size === 0) return [{ id: job.targetObjectId, name: job.targetObjectName }];
  return [...vms].map(([id, name]) => ({ id, name }));
}

/**
 * Asks a running or suspended job to stop; it is Cancelled CANCEL_LATENCY_MS later.
 * `byParent`: the job's parent is being cancelled and takes its running children with it.
 */
export function requestCancel(job: JobRecord, now: number, byParent = false): JobRecord {
  if (!byParent) requireAllowed(job, "Cancel");
  const next = structuredClone(job);
  next.state = "Cancelling";
  next.stateDescription = "Cancelling";
  next.cancelAt = now + CANCEL_LATENCY_MS;
  next.dueAt = next.cancelAt;
  return next;
}

function finishCancel(job: JobRecord, at: number): void {
  job.runs.forEach((run, index) => {
    if (index < job.cursor) return;
    if (run.state === "InProgress") {
      Object.assign(run, { state: "Cancelled", stateDescription: "Cancelled", endTime: at });
    } else if (run.state === "NotStarted") {
      Object.assign(run, { state: "Cancelled", stateDescription: "Cancelled" });
    }
    for (const child of run.children ?? []) {
      if (child.state === "InProgress") setChild(child, "Cancelled", "Cancelled", at);
      else if (child.state === "NotStarted") {
        Object.assign(child, { state: "Cancelled", stateDescription: "Cancelled" });
      }
    }
  });
  job.state = "Cancelled";
  job.stateDescription = "Cancelled";
  job.endTime = at;
  job.cancelAt = null;
}

/**
 * Runs a failed or cancelled job again from the task that stopped it; finished tasks are kept.
 * The task is queued to start at `now`: advancing the job to `now` starts it.
 */
export function restartJob(job: JobRecord, now: number): JobRecord {
  requireAllowed(job, "Restart");
  const next = structuredClone(job);
  next.runs.forEach((run, index) => {
    if (index < next.cursor) return;
    Object.assign(run, {
      state: "NotStarted",
      stateDescription: "NotStarted",
      startTime: null,
      endTime: null,
      errors: [],
    });
    delete run.observation;
    for (const child of run.children ?? []) {
      if (child.state === "Succeeded") continue;
      Object.assign(child, {
        state: "NotStarted",
        stateDescription: "NotStarted",
        startTime: null,
        endTime: null,
        childJobName: null,
      });
    }
  });
  next.state = "InProgress";
  next.stateDescription = "InProgress";
  next.errors = [];
  next.endTime = null;
  next.cancelAt = null;
  next.dueAt = now;
  return next;
}

/**
 * Completes the manual step a suspended job waits on, with the caller's comments. The next task
 * is queued to start at `now`: advancing the job to `now` starts it.
 */
export function resumeJob(job: JobRecord, now: number, comments: string): JobRecord {
  requireAllowed(job, "Resume");
  const next = structuredClone(job);
  const plan = next.plan[next.cursor];
  const run = next.runs[next.cursor];
  if (!plan || !run) return next;

  run.observation = comments;
  if (next.customDetails.instanceType === "TestFailoverJobDetails") {
    next.customDetails.comments = comments;
  }
  next.state = "InProgress";
  next.stateDescription = "InProgress";
  endTask(next, now);
  next.dueAt = next.state === "InProgress" ? now : null;
  return next;
}
