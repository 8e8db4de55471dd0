import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ArmError } from "../src/arm/errors.js";
import { ScenarioCatalogue } from "../src/jobs/catalogue.js";
import {
  CANCEL_LATENCY_MS,
  advanceJob,
  allowedActions,
  requestCancel,
  restartJob,
  resumeJob,
} from "../src/jobs/engine.js";
import { createJobRecord, type NewJobOptions } from "../src/jobs/newJob.js";
import type { JobRecord } from "../src/jobs/record.js";
import type { ScenarioDefinition } from "../src/jobs/scenarioSchema.js";

const T0 = Date.UTC(2026, 0, 1);
const S = 1000;
const vault = { subscriptionId: "sub-1", resourceGroup: "rg-1", vaultName: "vault-1" };

const base = {
  targetInstanceType: "ProtectionEntity",
  defaultTarget: { name: "vm1" },
  jobDetails: { instanceType: "AsrJobDetails", affectedObjects: "vm" },
} as const;

// Four tasks: 10 s, skipped, 20 s, 5 s; the job takes 35 s.
const steps: ScenarioDefinition = {
  ...base,
  name: "Steps",
  scenarioName: "Steps",
  friendlyName: "Steps",
  tasks: [
    { taskId: "A", name: "A", friendlyName: "First", seconds: 10 },
    { taskId: "B", name: "B", friendlyName: "Skipped", skipped: true },
    { taskId: "C", name: "C", friendlyName: "Third", seconds: 20 },
    { taskId: "D", name: "D", friendlyName: "Fourth", seconds: 5 },
  ],
};

// 1 s, a manual step, then 4 s.
const waits: ScenarioDefinition = {
  ...base,
  name: "Waits",
  scenarioName: "Waits",
  friendlyName: "Waits",
  jobDetails: { instanceType: "TestFailoverJobDetails", affectedObjects: "vm" },
  tasks: [
    { taskId: "A", name: "A", friendlyName: "First", seconds: 1 },
    {
      taskId: "M",
      name: "M",
      friendlyName: "Manual",
      manual: { instructions: "Do it.", stateDescription: "WaitingForIt" },
    },
    { taskId: "C", name: "C", friendlyName: "Last", seconds: 4 },
  ],
};

// 1 s, a group of two children (30 s and 40 s) running Steps jobs, then 2 s.
const grouped: ScenarioDefinition = {
  ...base,
  name: "Grouped",
  scenarioName: "Grouped",
  friendlyName: "Grouped",
  targetInstanceType: "RecoveryPlan",
  jobDetails: { instanceType: "FailoverJobDetails", affectedObjects: "recoveryPlan" },
  tasks: [
    { taskId: "A", name: "A", friendlyName: "First", seconds: 1 },
    {
      taskId: "G",
      name: "G",
      friendlyName: "Group (2)",
      group: {
        instanceType: "RecoveryPlanGroupTaskDetails",
        rpGroupType: "BootGroup",
        children: [
          {
            instanceType: "VirtualMachineTaskDetails",
            seconds: 30,
            scenario: "Steps",
            target: "a",
          },
          {
            instanceType: "VirtualMachineTaskDetails",
            seconds: 40,
            scenario: "Steps",
            target: "b",
          },
        ],
      },
    },
    { taskId: "Z", name: "Z", friendlyName: "Last", seconds: 2 },
  ],
};

const catalogue = ScenarioCatalogue.builtIn().with([steps, waits, grouped], "test");

function job(scenario: string, options: Partial<NewJobOptions> = {}): JobRecord {
  return createJobRecord(catalogue, { vault, scenario, now: T0, ...options });
}

function at(record: JobRecord, now: number): JobRecord {
  return advanceJob(record, now, catalogue).job;
}

function states(record: JobRecord): string[] {
  return record.runs.map((run) => `${run.state}/${run.stateDescription}`);
}

function refusal(action: string): (error: unknown) => boolean {
  return (error) =>
    error instanceof ArmError &&
    error.status === 400 &&
    error.detail?.code === `Job${action}NotAllowed`;
}

describe("advanceJob", () => {
  it("starts the job and its first task at startAt, not at now", () => {
    const created = job("Steps", { startDelaySeconds: 5 });
    assert.equal(created.state, "NotStarted");
    assert.equal(created.dueAt, T0 + 5 * S);
    assert.equal(at(created, T0 + 4 * S).state, "NotStarted");

    const started = at(created, T0 + 7 * S);
    assert.equal(started.state, "InProgress");
    assert.equal(started.startTime, T0 + 5 * S);
    assert.equal(started.runs[0]?.startTime, T0 + 5 * S);
    assert.equal(started.dueAt, T0 + 15 * S);
  });

  it("startAt wins over a start delay", () => {
    const created = job("Steps", { startAt: T0 - 60 * S, startDelaySeconds: 5 });
    assert.equal(created.startAt, T0 - 60 * S);
    assert.equal(at(created, T0).state, "Succeeded");
  });

  it("runs tasks in order, stamping each transition with its due instant", () => {
    const mid = at(job("Steps"), T0 + 12 * S);
    assert.deepEqual(states(mid), [
      "Succeeded/Completed",
      "Other/Skipped",
      "InProgress/InProgress",
      "NotStarted/NotStarted",
    ]);
    assert.equal(mid.runs[0]?.endTime, T0 + 10 * S);
    assert.equal(mid.runs[1]?.startTime, null);
    assert.equal(mid.runs[1]?.endTime, null);
    assert.equal(mid.runs[2]?.startTime, T0 + 10 * S);
    assert.equal(mid.cursor, 2);
    assert.equal(mid.dueAt, T0 + 30 * S);

    const done = at(mid, T0 + 100 * S);
    assert.equal(done.state, "Succeeded");
    assert.equal(done.stateDescription, "Completed");
    assert.equal(done.endTime, T0 + 35 * S);
    assert.equal(done.runs[3]?.startTime, T0 + 30 * S);
    assert.equal(done.runs[3]?.endTime, T0 + 35 * S);
    assert.equal(done.dueAt, null);
  });

  it("gives the same result whether polled often or once", () => {
    let polled = job("Steps");
    for (let t = T0; t <= T0 + 40 * S; t += 3 * S) polled = at(polled, t);
    assert.deepEqual(polled.runs, at(job("Steps", { name: polled.name }), T0 + 40 * S).runs);
  });

  it("does not mutate its input or change the version", () => {
    const created = job("Steps");
    const copy = structuredClone(created);
    const advanced = at(created, T0 + 100 * S);
    assert.deepEqual(created, copy);
    assert.equal(advanced.version, created.version);
  });

  it("uses the caller's task durations", () => {
    const single = at(job("Steps", { taskSeconds: 2 }), T0 + 100 * S);
    assert.equal(single.endTime, T0 + 6 * S);
    const listed = at(job("Steps", { taskSeconds: [1, 0, 2, 3] }), T0 + 100 * S);
    assert.equal(listed.endTime, T0 + 6 * S);
    assert.equal(listed.runs[2]?.endTime, T0 + 3 * S);
  });
});

describe("allowedActions", () => {
  it("follows the job state", () => {
    const created = job("Waits");
    assert.deepEqual(allowedActions(created), []);
    const running = at(created, T0);
    assert.deepEqual(allowedActions(running), ["Cancel"]);
    const suspended = at(created, T0 + 2 * S);
    assert.equal(suspended.state, "Suspended");
    assert.deepEqual(allowedActions(suspended), ["Cancel", "Resume"]);
    const cancelling = requestCancel(running, T0);
    assert.deepEqual(allowedActions(cancelling), []);
    assert.deepEqual(allowedActions(at(cancelling, T0 + 10 * S)), ["Restart"]);
    assert.deepEqual(allowedActions(at(job("Steps", { failAtTask: 0 }), T0 + 20 * S)), ["Restart"]);
    assert.deepEqual(allowedActions(at(job("Steps"), T0 + 100 * S)), []);
  });
});

describe("manual steps and resume", () => {
  it("suspends when the manual step starts and resumes at the caller's instant", () => {
    const suspended = at(job("Waits"), T0 + 60 * S);
    assert.equal(suspended.state, "Suspended");
    assert.equal(suspended.stateDescription, "WaitingForIt");
    assert.equal(suspended.dueAt, null);
    assert.equal(suspended.runs[1]?.state, "InProgress");
    assert.equal(suspended.runs[1]?.startTime, T0 + 1 * S);

    const resumed = resumeJob(suspended, T0 + 100 * S, "looks good");
    assert.equal(resumed.state, "InProgress");
    assert.equal(resumed.runs[1]?.state, "Succeeded");
    assert.equal(resumed.runs[1]?.endTime, T0 + 100 * S);
    assert.equal(resumed.runs[1]?.observation, "looks good");
    assert.equal(resumed.customDetails.instanceType, "TestFailoverJobDetails");
    if (resumed.customDetails.instanceType === "TestFailoverJobDetails") {
      assert.equal(resumed.customDetails.comments, "looks good");
    }
    assert.equal(resumed.dueAt, T0 + 100 * S);

    const done = at(resumed, T0 + 200 * S);
    assert.equal(done.runs[2]?.startTime, T0 + 100 * S);
    assert.equal(done.endTime, T0 + 104 * S);
    assert.equal(done.state, "Succeeded");
  });

  it("refuses resume unless suspended", () => {
    assert.throws(() => resumeJob(at(job("Steps"), T0), T0, "x"), refusal("Resume"));
  });

  it("makes any task a manual step with suspendAtTask", () => {
    const suspended = at(job("Steps", { suspendAtTask: 2, instructions: "Wait" }), T0 + 60 * S);
    assert.equal(suspended.state, "Suspended");
    assert.equal(suspended.cursor, 2);
    assert.deepEqual(suspended.plan[2]?.customDetails, {
      instanceType: "ManualActionTaskDetails",
      name: "C",
      instructions: "Wait",
    });
  });
});

describe("failure and restart", () => {
  it("fails at the end of the chosen task with the default Site Recovery error", () => {
    const failed = at(job("Steps", { failAtTask: 2, activityId: "a ActivityId: b" }), T0 + 99 * S);
    assert.equal(failed.state, "Failed");
    assert.equal(failed.stateDescription, "Failed");
    assert.equal(failed.endTime, T0 + 30 * S);
    assert.deepEqual(states(failed).slice(2), ["Failed/Failed", "NotStarted/NotStarted"]);
    const [error] = failed.errors;
    assert.equal(error?.serviceErrorDetails?.code, "559");
    assert.equal(error?.serviceErrorDetails?.activityId, "a ActivityId: b");
    assert.equal(error?.providerErrorDetails?.errorCode, 0);
    assert.equal(error?.errorLevel, "Error");
    assert.equal(error?.taskId, "C");
    assert.equal(error?.creationTime, "2026-01-01T00:00:30Z");
    assert.deepEqual(failed.runs[2]?.errors, failed.errors);
    assert.equal(failed.plan[2]?.failure, undefined);
    assert.equal(failed.dueAt, null);
  });

  it("uses the caller's error fields", () => {
    const options = { failAtTask: 0, error: { code: "70094", message: "No." } };
    const failed = at(job("Steps", options), T0 + 99 * S);
    assert.equal(failed.errors[0]?.serviceErrorDetails?.code, "70094");
    assert.equal(failed.errors[0]?.serviceErrorDetails?.message, "No.");
  });

  it("restarts a failed job from the failed task without rerunning finished ones", () => {
    const failed = at(job("Steps", { failAtTask: 2 }), T0 + 99 * S);
    const restarted = restartJob(failed, T0 + 100 * S);
    assert.equal(restarted.state, "InProgress");
    assert.deepEqual(restarted.errors, []);
    assert.equal(restarted.endTime, null);
    assert.equal(restarted.runs[0]?.endTime, T0 + 10 * S);
    assert.deepEqual(restarted.runs[2]?.errors, []);

    const done = at(restarted, T0 + 200 * S);
    assert.equal(done.state, "Succeeded");
    assert.equal(done.runs[0]?.startTime, T0);
    assert.equal(done.runs[2]?.startTime, T0 + 100 * S);
    assert.equal(done.endTime, T0 + 125 * S);
    assert.equal(done.startTime, T0);
  });

  it("refuses restart of a running or finished job", () => {
    assert.throws(() => restartJob(at(job("Steps"), T0), T0), refusal("Restart"));
    assert.throws(() => restartJob(at(job("Steps"), T0 + 99 * S), T0), refusal("Restart"));
  });
});

describe("cancel", () => {
  it("cancels the running task after the cancel latency", () => {
    const running = at(job("Steps"), T0 + 12 * S);
    const cancelling = requestCancel(running, T0 + 12 * S);
    assert.equal(cancelling.state, "Cancelling");
    assert.equal(cancelling.stateDescription, "Cancelling");
    assert.equal(cancelling.cancelAt, T0 + 12 * S + CANCEL_LATENCY_MS);
    assert.equal(cancelling.dueAt, cancelling.cancelAt);

    const cancelled = at(cancelling, T0 + 99 * S);
    assert.equal(cancelled.state, "Cancelled");
    assert.equal(cancelled.endTime, T0 + 14 * S);
    assert.deepEqual(states(cancelled), [
      "Succeeded/Completed",
      "Other/Skipped",
      "Cancelled/Cancelled",
      "Cancelled/Cancelled",
    ]);
    assert.equal(cancelled.runs[2]?.endTime, T0 + 14 * S);
    assert.equal(cancelled.runs[3]?.startTime, null);
    assert.equal(cancelled.runs[3]?.endTime, null);
  });

  it("wins over the job's own completion when requested before it", () => {
    const running = at(job("Steps"), T0 + 34 * S);
    const cancelled = at(requestCancel(running, T0 + 34 * S), T0 + 99 * S);
    assert.equal(cancelled.state, "Cancelled");
    assert.equal(cancelled.runs[3]?.state, "Cancelled");
  });

  it("is refused once the job has completed", () => {
    const done = at(job("Steps"), T0 + 36 * S);
    assert.throws(() => requestCancel(done, T0 + 36 * S), refusal("Cancel"));
  });

  it("is refused before the job starts", () => {
    assert.throws(
      () => requestCancel(job("Steps", { startDelaySeconds: 9 }), T0),
      refusal("Cancel"),
    );
  });

  it("cancels a suspended job's manual step", () => {
    const suspended = at(job("Waits"), T0 + 5 * S);
    const cancelled = at(requestCancel(suspended, T0 + 5 * S), T0 + 10 * S);
    assert.equal(cancelled.state, "Cancelled");
    assert.deepEqual(states(cancelled), [
      "Succeeded/Completed",
      "Cancelled/Cancelled",
      "Cancelled/Cancelled",
    ]);
    assert.equal(cancelled.runs[1]?.endTime, T0 + 7 * S);
  });

  it("restarts a cancelled job from the cancelled task", () => {
    const cancelled = at(requestCancel(at(job("Steps"), T0 + 12 * S), T0 + 12 * S), T0 + 20 * S);
    const done = at(restartJob(cancelled, T0 + 50 * S), T0 + 99 * S);
    assert.equal(done.state, "Succeeded");
    assert.equal(done.runs[0]?.endTime, T0 + 10 * S);
    assert.equal(done.runs[2]?.startTime, T0 + 50 * S);
    assert.equal(done.endTime, T0 + 75 * S);
  });
});

describe("group tasks", () => {
  it("spawns a child job per child when the group starts, and ends with the longest", () => {
    const created = job("Grouped", { activityId: "r ActivityId: c" });
    const { job: running, spawned } = advanceJob(created, T0 + 5 * S, catalogue);
    assert.equal(spawned.length, 2);
    const children = running.runs[1]?.children ?? [];
    assert.deepEqual(
      children.map((child) => child.childJobName),
      spawned.map((child) => child.name),
    );
    for (const [index, child] of spawned.entries()) {
      assert.equal(child.scenarioName, "Steps");
      assert.equal(child.parentJobName, created.name);
      assert.equal(child.activityId, "r ActivityId: c");
      assert.deepEqual(child.vault, vault);
      assert.equal(child.startAt, T0 + 1 * S);
      assert.equal(child.targetObjectName, ["a", "b"][index]);
      const total = child.plan.reduce((sum, task) => sum + task.durationMs, 0);
      assert.ok(Math.abs(total - [30, 40][index]! * S) < 1e-6);
    }

    const mid = at(running, T0 + 35 * S);
    assert.deepEqual(
      mid.runs[1]?.children?.map((child) => [child.state, child.endTime]),
      [
        ["Succeeded", T0 + 31 * S],
        ["InProgress", null],
      ],
    );
    const done = at(mid, T0 + 99 * S);
    assert.equal(done.runs[1]?.endTime, T0 + 41 * S);
    assert.equal(done.endTime, T0 + 43 * S);
    assert.equal(done.state, "Succeeded");
  });

  it("fills protectedItemDetails with the plan's VMs when a failover completes", () => {
    const running = at(job("Grouped"), T0);
    const details = running.customDetails;
    assert.equal(details.instanceType, "FailoverJobDetails");
    if (details.instanceType === "FailoverJobDetails") {
      assert.deepEqual(details.protectedItemDetails, []);
    }
    const done = at(running, T0 + 99 * S).customDetails;
    assert.ok(done.instanceType === "FailoverJobDetails");
    assert.deepEqual(
      done.protectedItemDetails?.map((item) => item.friendlyName),
      ["a", "b"],
    );
  });

  it("spawns only unfinished children again after a restart", () => {
    const running = at(job("Grouped"), T0 + 35 * S);
    const cancelled = at(requestCancel(running, T0 + 35 * S), T0 + 40 * S);
    assert.deepEqual(
      cancelled.runs[1]?.children?.map((child) => child.state),
      ["Succeeded", "Cancelled"],
    );
    const { spawned, job: again } = advanceJob(
      restartJob(cancelled, T0 + 50 * S),
      T0 + 50 * S,
      catalogue,
    );
    assert.equal(spawned.length, 1);
    assert.equal(spawned[0]?.targetObjectName, "b");
    assert.equal(
      again.runs[1]?.children?.[0]?.childJobName,
      running.runs[1]?.children?.[0]?.childJobName,
    );
  });
});

describe("built-in scenarios", () => {
  for (const name of ScenarioCatalogue.builtIn().names()) {
    it(`${name} runs to completion`, () => {
      let record = job(name);
      let now = T0;
      const spawned: JobRecord[] = [];
      for (let step = 0; step < 20 && record.state !== "Succeeded"; step++) {
        now += 24 * 3600 * S;
        const advanced = advanceJob(record, now, catalogue);
        spawned.push(...advanced.spawned);
        record = advanced.job;
        if (record.state === "Suspended") record = resumeJob(record, now, "ok");
      }
      assert.equal(record.state, "Succeeded");
      assert.ok(record.runs.every((run) => ["Succeeded", "Other"].includes(run.state)));
      const groups = record.plan.flatMap((task) => task.group?.children ?? []);
      assert.equal(spawned.length, groups.length);
      for (const child of spawned) assert.equal(at(child, now + 1e9).state, "Succeeded");
    });
  }
});
