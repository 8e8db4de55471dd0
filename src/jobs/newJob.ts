// Turns a scenario definition and a caller's options into a new job record: every input is
// checked here (answering 400 with the accepted values), every default is filled here, so the
// engine only ever sees complete, valid plans.

import { createHash, randomUUID } from "node:crypto";
import { errors } from "../arm/errors.js";
import type { ScenarioCatalogue } from "./catalogue.js";
import type { JobDetails, TaskTypeDetails } from "./model.js";
import type { ChildTaskPlan, ErrorSpec, JobRecord, TaskPlan, TaskRun, VaultRef } from "./record.js";
import type {
  AffectedObjectKeySet,
  ChildTaskDefinition,
  ScenarioDefinition,
  TaskDefinition,
} from "./scenarioSchema.js";

export interface NewJobOptions {
  vault: VaultRef;
  /** Catalogue name of the scenario (case-insensitive). */
  scenario: string;
  now: number;
  /** The job's name (its id); a random GUID by default. */
  name?: string;
  targetObjectName?: string;
  targetObjectId?: string;
  fabricId?: string;
  /** One number: every task's duration. An array: one per task, skipped ones included. */
  taskSeconds?: number | number[];
  startDelaySeconds?: number;
  /** Absolute start instant (to seed jobs in the past); wins over startDelaySeconds. */
  startAt?: number;
  /** Index of the task at whose end the job fails. */
  failAtTask?: number;
  /** Fields replacing those of DEFAULT_FAILURE (the provider error's too, one by one). */
  error?: ErrorOverrides;
  /** Index of a task that waits to be resumed when it starts. */
  suspendAtTask?: number;
  instructions?: string;
  activityId?: string;
  parentJobName?: string;
}

type ProviderError = NonNullable<ErrorSpec["provider"]>;

export type ErrorOverrides = Partial<Omit<ErrorSpec, "provider">> & {
  provider?: Partial<ProviderError>;
};

/** What Site Recovery reports for a job its provider could not complete. */
export const DEFAULT_FAILURE: ErrorSpec = {
  code: "559",
  message: "The operation could not be completed.",
  possibleCauses: "See the provider errors for more information.",
  recommendedAction: "Resolve the issue and retry the operation.",
  provider: {
    errorCode: 0,
    errorMessage:
      "An internal error occurred during execution of the operation by the Microsoft Azure " +
      "Site Recovery Provider. Retry the last action. If the issue persists, contact Support.",
    possibleCauses: "",
    recommendedAction: "",
  },
};

/** Used when a task that is not a manual step in its scenario is made to wait. */
const MANUAL_STATE_DESCRIPTION = "WaitingForManualAction";

/** A GUID derived from its parts, so the same VM keeps the same id across jobs. */
export function stableId(...parts: string[]): string {
  const hex = createHash("sha256").update(parts.join("\u0000").toLowerCase()).digest("hex");
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `5${hex.slice(13, 16)}`,
    ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16) + hex.slice(17, 20),
    hex.slice(20, 32),
  ].join("-");
}

function invalid(code: string, message: string): never {
  throw errors.invalidInput(code, message);
}

function checkSeconds(field: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    invalid("InvalidDuration", `${field} must be a number of seconds, 0 or more; got ${value}.`);
  }
  return value;
}

function checkTaskIndex(field: string, value: number, tasks: TaskDefinition[]): TaskDefinition {
  const task = Number.isInteger(value) ? tasks[value] : undefined;
  if (task) return task;
  const listing = tasks.map((t, index) => `${index} (${t.friendlyName})`).join(", ");
  return invalid(
    "InvalidTaskIndex",
    `${field} must be a task index from 0 to ${tasks.length - 1}; got ${value}. Tasks: ${listing}.`,
  );
}

/** The base duration of each task in ms, before any caller override. */
function baseDurations(definition: ScenarioDefinition): number[] {
  return definition.tasks.map((task) => {
    if (task.skipped) return 0;
    if (task.group) return Math.max(...task.group.children.map((c) => c.seconds)) * 1000;
    return (task.seconds ?? 0) * 1000;
  });
}

function taskDurations(definition: ScenarioDefinition, taskSeconds?: number | number[]) {
  const base = baseDurations(definition);
  if (taskSeconds === undefined) return base;
  if (!Array.isArray(taskSeconds)) {
    const ms = checkSeconds("taskSeconds", taskSeconds) * 1000;
    return base.map(() => ms);
  }
  if (taskSeconds.length !== base.length) {
    invalid(
      "InvalidDuration",
      `taskSeconds must list one duration per task: scenario '${definition.name}' has ` +
        `${base.length} tasks, got ${taskSeconds.length}.`,
    );
  }
  return taskSeconds.map((value, index) => checkSeconds(`taskSeconds[${index}]`, value) * 1000);
}

/**
 * Durations a child job's tasks need so that the job lasts `totalMs`, keeping the scenario's
 * proportions (or splitting evenly when its tasks take no time).
 */
export function scaledTaskSeconds(definition: ScenarioDefinition, totalMs: number): number[] {
  const base = baseDurations(definition);
  const sum = base.reduce((a, b) => a + b, 0);
  if (sum > 0) return base.map((ms) => (ms / sum) * (totalMs / 1000));
  const running = definition.tasks.filter((task) => !task.skipped).length;
  return definition.tasks.map((task) => (task.skipped ? 0 : totalMs / 1000 / running));
}

interface Target {
  vault: VaultRef;
  id: string;
  name: string;
  jobName: string;
}

/** Replaces {targetObjectId}-style tokens in the strings of a definition's data. */
function fillTokens<T>(value: T, target: Target): T {
  const tokens: Record<string, string> = {
    targetObjectId: target.id,
    targetObjectName: target.name,
    subscriptionId: target.vault.subscriptionId,
    resourceGroup: target.vault.resourceGroup,
    vaultName: target.vault.vaultName,
    jobName: target.jobName,
  };
  const fill = (item: unknown): unknown => {
    if (typeof item === "string") {
      return item.replace(/\{(\w+)\}/g, (whole, key: string) => tokens[key] ?? whole);
    }
    if (Array.isArray(item)) return item.map(fill);
    if (item !== null && typeof item === "object") {
      return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, fill(v)]));
    }
    return item;
  };
  return fill(value) as T;
}

function vaultScopedGuid(vault: VaultRef, ...parts: string[]): string {
  return stableId(vault.subscriptionId, vault.resourceGroup, vault.vaultName, ...parts);
}

function affectedObjectDetails(
  keySet: AffectedObjectKeySet,
  values: Record<string, string>,
  target: Target,
): Record<string, string> {
  const { vault } = target;
  const value = (key: string, fallback: string) => values[key] ?? fallback;
  const vmm = {
    primaryVmmId: vaultScopedGuid(vault, "vmm", value("primaryVmmName", "primary")),
    primaryVmmName: value("primaryVmmName", "primary-site"),
    recoveryVmmId: vaultScopedGuid(vault, "vmm", value("recoveryVmmName", "recovery")),
    recoveryVmmName: value("recoveryVmmName", "Microsoft Azure"),
    primaryFabricProviderId: value("primaryFabricProviderId", "VMware"),
    recoveryFabricProviderId: value("recoveryFabricProviderId", "Azure"),
  };
  const profileId = vaultScopedGuid(vault, "policy");
  switch (keySet) {
    case "none":
      return {};
    case "recoveryPlan":
      return { ...vmm, ...pick(values, Object.keys(vmm)) };
    case "server":
      return {
        primaryVmmId: target.id,
        primaryVmmName: target.name,
        primaryFabricProviderId: vmm.primaryFabricProviderId,
      };
    case "cluster":
      return {
        protectionClusterId: target.id,
        protectionClusterName: target.name,
        protectionProfileId: value("protectionProfileId", profileId),
      };
    case "vm": {
      const primaryCloudName = value("primaryCloudName", "primary-cloud");
      const recoveryCloudName = value("recoveryCloudName", "Microsoft Azure");
      return {
        primaryVmId: target.id,
        primaryVmName: target.name,
        recoveryVmId: value("recoveryVmId", vaultScopedGuid(vault, "recovery-vm", target.name)),
        recoveryVmName: value("recoveryVmName", target.name),
        protectionProfileId: value("protectionProfileId", profileId),
        primaryCloudId: value("primaryCloudId", vaultScopedGuid(vault, "cloud", primaryCloudName)),
        primaryCloudName,
        recoveryCloudId: value(
          "recoveryCloudId",
          vaultScopedGuid(vault, "cloud", recoveryCloudName),
        ),
        recoveryCloudName,
        ...vmm,
      };
    }
  }
}

function pick(values: Record<string, string>, keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.filter((k) => k in values).map((k) => [k, values[k] ?? ""]));
}

function jobDetails(definition: ScenarioDefinition, target: Target): JobDetails {
  const spec = definition.jobDetails;
  const values = fillTokens(spec.affectedObjectValues ?? {}, target);
  const affected = affectedObjectDetails(spec.affectedObjects, values, target);
  const fields = fillTokens(spec.fields ?? {}, target);
  const { vault } = target;

  switch (spec.instanceType) {
    case "FailoverJobDetails":
      return {
        instanceType: spec.instanceType,
        protectedItemDetails: [],
        ...fields,
        affectedObjectDetails: affected,
      };
    case "TestFailoverJobDetails":
      return {
        instanceType: spec.instanceType,
        testFailoverStatus: null,
        comments: null,
        networkName: null,
        networkFriendlyName: null,
        networkType: null,
        protectedItemDetails: [],
        ...fields,
        affectedObjectDetails: affected,
      };
    case "SwitchProtectionJobDetails": {
      // The protected item of the new direction; fabric and container names are invented.
      const item =
        `/Subscriptions/${vault.subscriptionId}/resourceGroups/${vault.resourceGroup}` +
        `/providers/Microsoft.RecoveryServices/vaults/${vault.vaultName}` +
        `/replicationFabrics/recovery-fabric/replicationProtectionContainers/recovery-container` +
        `/replicationProtectedItems/${vaultScopedGuid(vault, "reprotected", target.id)}`;
      return {
        instanceType: spec.instanceType,
        newReplicationProtectedItemId: item,
        ...fields,
        affectedObjectDetails: affected,
      };
    }
    default:
      return { instanceType: spec.instanceType, ...fields, affectedObjectDetails: affected };
  }
}

function childPlan(
  child: ChildTaskDefinition,
  durationMs: number,
  catalogue: ScenarioCatalogue,
  target: Target,
): ChildTaskPlan {
  const childTarget = fillTokens(child.target, target);
  const scenario = catalogue.get(child.scenario);
  if (!scenario) {
    return invalid("InvalidScenarioName", `Child scenario '${child.scenario}' is not known.`);
  }
  return {
    taskId: child.taskId ?? randomUUID(),
    name: fillTokens(child.name, target) ?? childTarget,
    friendlyName: fillTokens(child.friendlyName, target) ?? childTarget,
    instanceType: child.instanceType,
    durationMs,
    childJob: {
      scenarioName: scenario.scenarioName,
      scenario: scenario.name,
      friendlyName: scenario.friendlyName,
      targetObjectId: vaultScopedGuid(target.vault, scenario.targetInstanceType, childTarget),
      targetObjectName: childTarget,
    },
  };
}

function taskPlan(
  task: TaskDefinition,
  durationMs: number,
  catalogue: ScenarioCatalogue,
  target: Target,
): TaskPlan {
  const plan: TaskPlan = {
    taskId: task.taskId ?? randomUUID(),
    name: task.name,
    friendlyName: task.friendlyName,
    taskType: task.group?.instanceType ?? "TaskDetails",
    durationMs,
    customDetails: task.group ? null : fillTokens(task.customDetails ?? null, target),
  };
  if (task.skipped) plan.skipped = true;
  if (task.manual) {
    plan.manual = { ...task.manual };
    makeManual(plan, undefined);
  }
  if (!task.group) {
    plan.customDetails ??= { instanceType: "TaskDetails" };
    return plan;
  }

  const { children, ...details } = task.group;
  const longest = Math.max(...children.map((child) => child.seconds)) * 1000;
  const scale = longest > 0 ? durationMs / longest : 1;
  plan.group = {
    details,
    children: children.map((child) =>
      childPlan(child, longest > 0 ? child.seconds * 1000 * scale : durationMs, catalogue, target),
    ),
  };
  return plan;
}

/** Makes a task wait to be resumed, showing the caller's instructions if any. */
function makeManual(plan: TaskPlan, instructions: string | undefined): void {
  const text =
    instructions ??
    plan.manual?.instructions ??
    `Complete '${plan.friendlyName}', then resume the job to continue.`;
  plan.manual = {
    instructions: text,
    stateDescription: plan.manual?.stateDescription ?? MANUAL_STATE_DESCRIPTION,
  };
  const current: TaskTypeDetails | null = plan.customDetails;
  plan.customDetails =
    current?.instanceType === "ManualActionTaskDetails"
      ? { ...current, instructions: text }
      : { instanceType: "ManualActionTaskDetails", name: plan.name, instructions: text };
}

function failureSpec(error: ErrorOverrides | undefined): ErrorSpec {
  const base = structuredClone(DEFAULT_FAILURE);
  if (error === undefined) return base;
  for (const key of ["code", "message", "possibleCauses", "recommendedAction"] as const) {
    const value = error[key];
    if (value !== undefined && typeof value !== "string") {
      invalid("InvalidError", `error.${key} must be a string; got ${typeof value}.`);
    }
  }
  if (error.code !== undefined && error.code.trim() === "") {
    invalid("InvalidError", "error.code must not be empty (Site Recovery uses codes like '559').");
  }
  const errorCode = error.provider?.errorCode;
  if (errorCode !== undefined && !Number.isInteger(errorCode)) {
    invalid("InvalidError", `error.provider.errorCode must be an integer; got ${errorCode}.`);
  }
  const { provider, ...service } = error;
  return {
    ...base,
    ...withoutUndefined(service),
    provider: { ...(base.provider as ProviderError), ...withoutUndefined(provider ?? {}) },
  };
}

/** Keeps a caller's `{ code: undefined }` from erasing a default. */
function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, field]) => field !== undefined),
  ) as Partial<T>;
}

function checkName(name: string): string {
  if (name.trim() === "" || /[/\\?#]/.test(name)) {
    invalid("InvalidJobName", `The job name '${name}' must be non-empty without / \\ ? or #.`);
  }
  return name;
}

function startInstant(options: NewJobOptions): number {
  if (options.startAt !== undefined) {
    if (!Number.isFinite(options.startAt)) {
      invalid("InvalidStartTime", `startAt must be a time in ms; got ${options.startAt}.`);
    }
    return options.startAt;
  }
  return options.now + checkSeconds("startDelaySeconds", options.startDelaySeconds ?? 0) * 1000;
}

function newActivityId(): string {
  return `${randomUUID()} ActivityId: ${randomUUID()}`;
}

export function createJobRecord(catalogue: ScenarioCatalogue, options: NewJobOptions): JobRecord {
  const definition = catalogue.get(options.scenario);
  if (!definition) {
    return invalid(
      "InvalidScenarioName",
      `Scenario '${options.scenario}' is not known. Accepted values: ` +
        `${catalogue.names().join(", ")}.`,
    );
  }
  const name = checkName(options.name ?? randomUUID());
  const startAt = startInstant(options);
  const durations = taskDurations(definition, options.taskSeconds);

  const targetName = options.targetObjectName ?? definition.defaultTarget.name;
  const target: Target = {
    vault: options.vault,
    name: targetName,
    id:
      options.targetObjectId ??
      definition.defaultTarget.id ??
      vaultScopedGuid(options.vault, definition.targetInstanceType, targetName),
    jobName: name,
  };

  const plan = definition.tasks.map((task, index) =>
    taskPlan(task, durations[index] ?? 0, catalogue, target),
  );
  applyFailure(definition, plan, options);
  applySuspension(definition, plan, options);

  return {
    name,
    vault: options.vault,
    scenarioName: definition.scenarioName,
    friendlyName: definition.friendlyName,
    targetObjectId: target.id,
    targetObjectName: target.name,
    targetInstanceType: definition.targetInstanceType,
    fabricId: options.fabricId ?? null,
    activityId: options.activityId ?? newActivityId(),
    customDetails: jobDetails(definition, target),
    createdAt: options.now,
    startAt,
    state: "NotStarted",
    stateDescription: "NotStarted",
    startTime: null,
    endTime: null,
    errors: [],
    plan,
    runs: plan.map(notStartedRun),
    cursor: 0,
    cancelAt: null,
    parentJobName: options.parentJobName ?? null,
    dueAt: startAt,
    version: 1,
  };
}

function notStartedRun(plan: TaskPlan): TaskRun {
  const run: TaskRun = {
    state: "NotStarted",
    stateDescription: "NotStarted",
    startTime: null,
    endTime: null,
    errors: [],
  };
  if (plan.group) {
    run.children = plan.group.children.map(() => ({
      state: "NotStarted",
      stateDescription: "NotStarted",
      startTime: null,
      endTime: null,
      childJobName: null,
    }));
  }
  return run;
}

function applyFailure(definition: ScenarioDefinition, plan: TaskPlan[], options: NewJobOptions) {
  if (options.failAtTask === undefined) {
    if (options.error !== undefined) {
      invalid("InvalidError", "error is only used with failAtTask; give the task to fail at.");
    }
    return;
  }
  const task = checkTaskIndex("failAtTask", options.failAtTask, definition.tasks);
  if (task.skipped) {
    invalid(
      "InvalidTaskIndex",
      `failAtTask ${options.failAtTask} is a skipped task; it never runs.`,
    );
  }
  const target = plan[options.failAtTask];
  if (target) target.failure = failureSpec(options.error);
}

function applySuspension(definition: ScenarioDefinition, plan: TaskPlan[], options: NewJobOptions) {
  const { suspendAtTask, instructions } = options;
  if (suspendAtTask === undefined) {
    if (instructions === undefined) return;
    const manual = plan.filter((task) => task.manual);
    if (manual.length === 0) {
      invalid(
        "InvalidInstructions",
        `instructions need suspendAtTask: scenario '${definition.name}' has no manual step.`,
      );
    }
    manual.forEach((task) => makeManual(task, instructions));
    return;
  }
  const task = checkTaskIndex("suspendAtTask", suspendAtTask, definition.tasks);
  if (task.skipped || task.group) {
    const kind = task.skipped ? "a skipped task" : "a group task";
    invalid("InvalidTaskIndex", `suspendAtTask ${suspendAtTask} is ${kind}; it cannot wait.`);
  }
  const target = plan[suspendAtTask];
  if (target) makeManual(target, instructions);
}
