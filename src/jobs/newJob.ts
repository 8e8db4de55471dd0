// Turns a scenario definition and a caller's options into a new job record. Every input is
// checked on the way (answering 400 with the accepted values) and every default filled, so the
// engine only ever sees complete, valid plans. The steps live in their own modules: inputs
// (jobInputs), durations (taskDurations), the target (jobTarget), the plan (taskPlan,
// manualTasks, taskFailure), customDetails (jobDetails) and ids (ids).

import { randomUUID } from "node:crypto";
import type { ScenarioCatalogue } from "./catalogue.js";
import { newActivityId } from "./ids.js";
import { jobDetails } from "./jobDetails.js";
import { checkName, invalid, startInstant } from "./jobInputs.js";
import { jobTarget } from "./jobTarget.js";
import { applySuspension } from "./manualTasks.js";
import type { JobRecord, VaultRef } from "./record.js";
import { taskDurations } from "./taskDurations.js";
import { applyFailure, type ErrorOverrides } from "./taskFailure.js";
import { notStartedRun, taskPlan } from "./taskPlan.js";

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
  const target = jobTarget(definition, options, name);

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
