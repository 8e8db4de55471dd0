// Checks of a caller's job options, each answering 400 with what is accepted.

import { errors } from "../arm/errors.js";
import type { NewJobOptions } from "./newJob.js";
import type { TaskDefinition } from "./scenarioSchema.js";

export function invalid(code: string, message: string): never {
  throw errors.invalidInput(code, message);
}

/** Ten years: longer than any job runs, and far from the end of the calendar. */
export const MAX_DURATION_SECONDS = 10 * 365 * 86400;

/** A task's duration or the job's start delay, in seconds. */
export function checkSeconds(field: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    invalid("InvalidDuration", `${field} must be a number of seconds, 0 or more; got ${value}.`);
  }
  if (value > MAX_DURATION_SECONDS) {
    invalid(
      "InvalidDuration",
      `${field} must be at most ${MAX_DURATION_SECONDS} seconds (ten years); got ${value}.`,
    );
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
