// Checks of a caller's job options, each answering 400 with what is accepted.

import { errors } from "../arm/errors.js";
import type { NewJobOptions } from "./newJob.js";
import type { TaskDefinition } from "./scenarioSchema.js";

export function invalid(code: string, message: string): never {
  throw errors.invalidInput(code, message);
}

export function checkSeconds(field: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    invalid("InvalidDuration", `${field} must be a number of seconds, 0 or more; got ${value}.`);
  }
  return value;
}

export function checkTaskIndex(
  field: string,
  value: number,
  tasks: TaskDefinition[],
): TaskDefinition {
  const task = Number.isInteger(value) ? tasks[value] : undefined;
  if (task) return task;
  const listing = tasks.map((t, index) => `${index} (${t.friendlyName})`).join(", ");
  return invalid(
    "InvalidTaskIndex",
    `${field} must be a task index from 0 to ${tasks.length - 1}; got ${value}. ` +
      `Tasks: ${listing}.`,
  );
}

export function checkName(name: string): string {
  if (name.trim() === "" || /[/\\?#]/.test(name)) {
    invalid("InvalidJobName", `The job name '${name}' must be non-empty without / \\ ? or #.`);
  }
  return name;
}

/** When the job starts: `startAt` if given, else `startDelaySeconds` after `now`. */
export function startInstant(
  options: Pick<NewJobOptions, "now" | "startAt" | "startDelaySeconds">,
): number {
  if (options.startAt !== undefined) {
    if (!Number.isFinite(options.startAt)) {
      invalid("InvalidStartTime", `startAt must be a time in ms; got ${options.startAt}.`);
    }
    return options.startAt;
  }
  return options.now + checkSeconds("startDelaySeconds", options.startDelaySeconds ?? 0) * 1000;
}
