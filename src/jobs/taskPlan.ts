// A job's plan, task by task: what each task is called, how long it runs, and for a group task
// the child jobs that carry out its children.

import { randomUUID } from "node:crypto";
import type { ScenarioCatalogue } from "./catalogue.js";
import { vaultScopedGuid } from "./ids.js";
import { invalid } from "./jobInputs.js";
import { fillTokens, type JobTarget } from "./jobTarget.js";
import { makeManual } from "./manualTasks.js";
import type { ChildTaskPlan, TaskPlan, TaskRun } from "./record.js";
import type { ChildTaskDefinition, TaskDefinition } from "./scenarioSchema.js";

export function taskPlan(
  task: TaskDefinition,
  durationMs: number,
  catalogue: ScenarioCatalogue,
  target: JobTarget,
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

function childPlan(
  child: ChildTaskDefinition,
  durationMs: number,
  catalogue: ScenarioCatalogue,
  target: JobTarget,
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

/** What a task has done before the job starts: nothing, and none of its children either. */
export function notStartedRun(plan: TaskPlan): TaskRun {
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
