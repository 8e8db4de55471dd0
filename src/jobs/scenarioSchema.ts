// The shape of one scenario definition: what a job of that scenario looks like and how long its
// tasks take. Built-in definitions (scenarios/) and user files (`--scenarios`) share it, so both
// are checked the same way before a job is ever created from them.

import { z } from "zod";

const text = z.string().min(1);
const seconds = z.number().finite().nonnegative();

/** `customDetails` of an ordinary task, one entry per kind the contract defines for tasks. */
const taskDetailsSchema = z.discriminatedUnion("instanceType", [
  z.strictObject({ instanceType: z.literal("TaskDetails") }),
  z.strictObject({
    instanceType: z.literal("AutomationRunbookTaskDetails"),
    name: z.string().optional(),
    cloudServiceName: z.string().optional(),
    subscriptionId: z.string().optional(),
    accountName: z.string().optional(),
    runbookId: z.string().optional(),
    runbookName: z.string().optional(),
    jobId: z.string().optional(),
    jobOutput: z.string().optional(),
    isPrimarySideScript: z.boolean().optional(),
  }),
  z.strictObject({
    instanceType: z.literal("ConsistencyCheckTaskDetails"),
    vmDetails: z
      .array(
        z.strictObject({
          vmName: z.string().optional(),
          cloudName: z.string().optional(),
          details: z.array(z.string()).optional(),
          errorIds: z.array(z.string()).optional(),
        }),
      )
      .optional(),
  }),
  z.strictObject({
    instanceType: z.literal("ManualActionTaskDetails"),
    name: z.string().optional(),
    instructions: z.string().optional(),
    observation: z.string().optional(),
  }),
  z.strictObject({
    instanceType: z.literal("ScriptActionTaskDetails"),
    name: z.string().optional(),
    path: z.string().optional(),
    output: z.string().optional(),
    isPrimarySideScript: z.boolean().optional(),
  }),
  z.strictObject({
    instanceType: z.literal("VmNicUpdatesTaskDetails"),
    vmId: z.string().optional(),
    nicId: z.string().optional(),
    name: z.string().optional(),
  }),
]);

/** One VM or node inside a group task; it is carried out by a job of its own. */
const childTaskSchema = z.strictObject({
  /** Omitted: a fresh GUID per job, as recovery-plan VM tasks have. */
  taskId: text.optional(),
  /** Omitted: the target's name. */
  name: text.optional(),
  /** Omitted: the target's name. */
  friendlyName: text.optional(),
  instanceType: z.enum([
    "JobTaskDetails",
    "VirtualMachineTaskDetails",
    "FabricReplicationGroupTaskDetails",
  ]),
  seconds,
  /** Catalogue name of the scenario the child job runs. */
  scenario: text,
  /** Name of the VM or node the child job acts on. */
  target: text,
});

const groupSchema = z.strictObject({
  instanceType: z.enum([
    "GroupTaskDetails",
    "InlineWorkflowTaskDetails",
    "RecoveryPlanGroupTaskDetails",
    "RecoveryPlanShutdownGroupTaskDetails",
  ]),
  name: z.string().optional(),
  groupId: z.string().optional(),
  rpGroupType: z.string().optional(),
  children: z.array(childTaskSchema).min(1),
});

const manualSchema = z.strictObject({ instructions: text, stateDescription: text });

const taskSchema = z
  .strictObject({
    /** Omitted: a fresh GUID per job, as some Site Recovery workflows use. */
    taskId: text.optional(),
    name: text,
    friendlyName: text,
    /**
     * Required for ordinary tasks. A group lasts as long as its longest child; a manual step
     * until it is resumed (seconds, if given, are ignored).
     */
    seconds: seconds.optional(),
    skipped: z.boolean().optional(),
    /** Omitted: TaskDetails, or ManualActionTaskDetails for a manual step. */
    customDetails: taskDetailsSchema.optional(),
    manual: manualSchema.optional(),
    group: groupSchema.optional(),
  })
  .superRefine((task, ctx) => {
    const problem = (path: string, message: string) =>
      ctx.addIssue({ code: "custom", path: [path], message });
    if (task.group !== undefined) {
      if (task.seconds !== undefined) problem("seconds", "a group task takes no seconds");
      if (task.customDetails !== undefined) problem("customDetails", "not allowed on a group");
      if (task.manual !== undefined) problem("manual", "a group task cannot be a manual step");
    }
    if (task.skipped === true && (task.manual !== undefined || task.group !== undefined)) {
      problem("skipped", "a skipped task cannot be a manual step or a group");
    }
    const needsSeconds =
      task.group === undefined && task.skipped !== true && task.manual === undefined;
    if (needsSeconds && task.seconds === undefined) problem("seconds", "required");
  });

const affectedObjectKeySets = ["vm", "recoveryPlan", "cluster", "server", "none"] as const;

const jobDetailsSchema = z.strictObject({
  instanceType: z.enum([
    "AsrJobDetails",
    "ExportJobDetails",
    "FailoverJobDetails",
    "SwitchProtectionJobDetails",
    "TestFailoverJobDetails",
  ]),
  /** Which `affectedObjectDetails` keys the job carries (see docs/scenarios.md). */
  affectedObjects: z.enum(affectedObjectKeySets),
  /** Values for those keys, replacing the generated ones; may use the {tokens}. */
  affectedObjectValues: z.record(z.string(), z.string()).optional(),
  /** Extra customDetails fields, e.g. a test failover's networkName. */
  fields: z.record(z.string(), z.string().nullable()).optional(),
});

export const scenarioDefinitionSchema = z.strictObject({
  /** Unique catalogue key (case-insensitive); what callers ask for. */
  name: z.string().regex(/^[A-Za-z][A-Za-z0-9._-]*$/, "letters, digits, '.', '_' or '-'"),
  /** The scenarioName jobs show on the wire; several definitions may share one. */
  scenarioName: text,
  friendlyName: text.nullable(),
  targetInstanceType: z.string(),
  description: z.string().optional(),
  /** The target used when the caller names none; `id` omitted: derived from the name. */
  defaultTarget: z.strictObject({ name: z.string(), id: z.string().optional() }),
  jobDetails: jobDetailsSchema,
  tasks: z.array(taskSchema).min(1),
});

export type ScenarioDefinition = z.infer<typeof scenarioDefinitionSchema>;
export type TaskDefinition = ScenarioDefinition["tasks"][number];
export type ChildTaskDefinition = z.infer<typeof childTaskSchema>;
export type AffectedObjectKeySet = (typeof affectedObjectKeySets)[number];
