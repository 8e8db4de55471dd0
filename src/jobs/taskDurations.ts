// How long each of a job's tasks runs: the scenario's durations, or the caller's.

import { checkSeconds, invalid } from "./jobInputs.js";
import type { ScenarioDefinition } from "./scenarioSchema.js";

/** The base duration of each task in ms, before any caller override. */
function baseDurations(definition: ScenarioDefinition): number[] {
  return definition.tasks.map((task) => {
    if (task.skipped) return 0;
    if (task.group) return Math.max(...task.group.children.map((c) => c.seconds)) * 1000;
    return (task.seconds ?? 0) * 1000;
  });
}

/** Each task's duration in ms; `taskSeconds` as in NewJobOptions. */
export function taskDurations(
  definition: ScenarioDefinition,
  taskSeconds?: number | number[],
): number[] {
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
