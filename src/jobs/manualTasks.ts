// Tasks that wait to be resumed: a scenario's manual steps, and the task a caller suspends the
// job at (`suspendAtTask`), each showing its instructions.

import { checkTaskIndex, invalid } from "./jobInputs.js";
import type { TaskTypeDetails } from "./model.js";
import type { NewJobOptions } from "./newJob.js";
import type { TaskPlan } from "./record.js";
import type { ScenarioDefinition } from "./scenarioSchema.js";

/** Used when a task that is not a manual step in its scenario is made to wait. */
const MANUAL_STATE_DESCRIPTION = "WaitingForManualAction";

/** Makes a task wait to be resumed, showing the caller's instructions if any. */
export function makeManual(plan: TaskPlan, instructions: string | undefined): void {
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

/**
 * Makes the task at `suspendAtTask` wait, with the caller's instructions; without one, the
 * instructions go to the scenario's own manual steps.
 */
export function applySuspension(
  definition: ScenarioDefinition,
  plan: TaskPlan[],
  options: Pick<NewJobOptions, "suspendAtTask" | "instructions">,
): void {
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
  const waitingTask = plan[suspendAtTask];
  if (waitingTask) makeManual(waitingTask, instructions);
}
