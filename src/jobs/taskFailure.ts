// The task a caller makes the job fail at (`failAtTask`), and the Site Recovery error it
// reports: DEFAULT_FAILURE with the caller's fields in place of its own.

import { checkTaskIndex, invalid } from "./jobInputs.js";
import type { NewJobOptions } from "./newJob.js";
import type { ErrorSpec, TaskPlan } from "./record.js";
import type { ScenarioDefinition } from "./scenarioSchema.js";

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

/** Makes the task at `failAtTask` fail the job when it ends, with the caller's error. */
export function applyFailure(
  definition: ScenarioDefinition,
  plan: TaskPlan[],
  options: Pick<NewJobOptions, "failAtTask" | "error">,
): void {
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
  const failingTask = plan[options.failAtTask];
  if (failingTask) failingTask.failure = failureSpec(options.error);
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
