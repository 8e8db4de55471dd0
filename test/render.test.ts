import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ScenarioCatalogue } from "../src/jobs/catalogue.js";
import { advanceJob, requestCancel, resumeJob } from "../src/jobs/engine.js";
import type { AsrTask } from "../src/jobs/model.js";
import { createJobRecord, type NewJobOptions } from "../src/jobs/newJob.js";
import type { JobRecord } from "../src/jobs/record.js";
import { jobArmId, renderJob } from "../src/jobs/render.js";
import { UNSET_TIME, formatTime, formatWholeSeconds, parseTime } from "../src/jobs/time.js";

const T0 = Date.UTC(2026, 0, 1);
const S = 1000;
const vault = { subscriptionId: "sub-1", resourceGroup: "rg-1", vaultName: "vault-1" };
const catalogue = ScenarioCatalogue.builtIn();
const PREFIX =
  "/Subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.RecoveryServices/vaults/vault-1" +
  "/replicationJobs/";

function job(scenario: string, options: Partial<NewJobOptions> = {}): JobRecord {
  return createJobRecord(catalogue, { vault, scenario, now: T0, name: "job-1", ...options });
}

function at(record: JobRecord, now: number): JobRecord {
  return advanceJob(record, now, catalogue).job;
}

describe("time formats", () => {
  it("writes up to seven fractional digits and trims zeros", () => {
    const base = Date.UTC(2017, 3, 27, 12, 46, 4);
    assert.equal(formatTime(base + 641.851), "2017-04-27T12:46:04.641851Z");
    assert.equal(formatTime(base + 302.9434), "2017-04-27T12:46:04.3029434Z");
    assert.equal(formatTime(base + 100), "2017-04-27T12:46:04.1Z");
    assert.equal(formatTime(base), "2017-04-27T12:46:04Z");
    assert.equal(formatTime(base + 999.99996), "2017-04-27T12:46:05Z");
  });

  it("reads times back without losing the digits past the millisecond", () => {
    for (const text of ["2017-05-03T06:16:06.3235186Z", "2017-04-27T12:46:04.641851Z"]) {
      assert.equal(formatTime(parseTime(text)), text);
    }
    assert.equal(parseTime("2017-05-02T14:07:21+02:00"), Date.UTC(2017, 4, 2, 12, 7, 21));
    assert.ok(Number.isNaN(parseTime("yesterday")));
  });

  it("truncates job end times to the second", () => {
    const base = Date.UTC(2017, 3, 27, 12, 46, 11);
    assert.equal(formatWholeSeconds(base + 999.9), "2017-04-27T12:46:11Z");
  });
});

describe("renderJob", () => {
  it("builds ids as Site Recovery writes them", () => {
    assert.equal(jobArmId(vault, "abc"), `${PREFIX}abc`);
    const body = renderJob(job("CommitFailover"), "full");
    assert.equal(body.id, `${PREFIX}job-1`);
    assert.equal(body.name, "job-1");
    assert.equal(body.type, "Microsoft.RecoveryServices/vaults/replicationJobs");
  });

  it("shows a job that has not started with unset task times and no start", () => {
    const { properties } = renderJob(job("CommitFailover", { startDelaySeconds: 5 }), "full");
    assert.equal(properties.state, "NotStarted");
    assert.equal(properties.stateDescription, "NotStarted");
    assert.equal("startTime" in properties, false);
    assert.equal("endTime" in properties, false);
    assert.deepEqual(properties.allowedActions, []);
    for (const task of properties.tasks) {
      assert.equal(task.startTime, UNSET_TIME);
      assert.equal(task.endTime, UNSET_TIME);
      assert.equal(task.state, "NotStarted");
      assert.deepEqual(task.allowedActions, []);
      assert.deepEqual(task.errors, []);
    }
  });

  it("shows task times in full and the job end in whole seconds", () => {
    const done = at(job("CommitFailover"), T0 + 60 * S);
    const { properties } = renderJob(done, "full");
    assert.equal(properties.startTime, "2026-01-01T00:00:00Z");
    assert.equal(properties.endTime, "2026-01-01T00:00:02Z");
    assert.equal(properties.tasks[0]?.endTime, "2026-01-01T00:00:00.14Z");
    assert.equal(properties.tasks[1]?.endTime, "2026-01-01T00:00:02.14Z");
    assert.equal(properties.state, "Succeeded");
    assert.equal(properties.stateDescription, "Completed");
    assert.equal(properties.tasks[1]?.customDetails?.instanceType, "TaskDetails");
    assert.equal(properties.tasks[1]?.groupTaskCustomDetails, null);
  });

  it("shows a running task with an unset end and offers Cancel", () => {
    const { properties } = renderJob(at(job("CommitFailover"), T0 + 1 * S), "full");
    assert.equal(properties.tasks[1]?.state, "InProgress");
    assert.equal(properties.tasks[1]?.startTime, "2026-01-01T00:00:00.14Z");
    assert.equal(properties.tasks[1]?.endTime, UNSET_TIME);
    assert.deepEqual(properties.allowedActions, ["Cancel"]);
    assert.equal("endTime" in properties, false);
  });

  it("drops tasks, activityId and customDetails in the list form", () => {
    const record = at(job("CommitFailover"), T0 + 60 * S);
    const full = renderJob(record, "full").properties;
    const listed = renderJob(record, "list").properties;
    assert.ok(full.tasks.length > 0);
    assert.ok(full.activityId);
    assert.ok(full.customDetails);
    assert.deepEqual(listed.tasks, []);
    assert.equal(listed.activityId, null);
    assert.equal(listed.customDetails, null);
    assert.equal(listed.endTime, full.endTime);
    assert.equal(listed.scenarioName, "CommitFailover");
  });

  it("shows skipped tasks as Other/Skipped with unset times", () => {
    const { properties } = renderJob(at(job("UnplannedFailover"), T0 + 10 * S), "full");
    const skipped = properties.tasks[1];
    assert.equal(skipped?.state, "Other");
    assert.equal(skipped?.stateDescription, "Skipped");
    assert.equal(skipped?.startTime, UNSET_TIME);
  });

  it("puts a failure's error on the job and on the failed task", () => {
    const failed = at(job("RepairVMReplication", { failAtTask: 0 }), T0 + 99 * S);
    const { properties } = renderJob(failed, "full");
    assert.equal(properties.state, "Failed");
    assert.deepEqual(properties.allowedActions, ["Restart"]);
    assert.equal(properties.endTime, "2026-01-01T00:00:55Z");
    const [error] = properties.errors;
    assert.equal(error?.serviceErrorDetails?.activityId, properties.activityId);
    assert.equal(error?.errorLevel, "Error");
    assert.equal(error?.taskId, "RepairVmReplicationTask");
    assert.equal(error?.creationTime, "2026-01-01T00:00:55Z");
    assert.match(error?.providerErrorDetails?.errorId ?? "", /^[0-9a-f-]{36}$/);
    assert.deepEqual(properties.tasks[0]?.errors, properties.errors);
    assert.equal(properties.tasks[0]?.state, "Failed");
  });

  it("shows a suspended test failover waiting to be resumed, then the observation", () => {
    const suspended = at(job("TestFailover"), T0 + 3600 * S);
    const waiting = renderJob(suspended, "full").properties;
    assert.equal(waiting.state, "Suspended");
    assert.equal(waiting.stateDescription, "WaitingForStopTestFailover");
    assert.deepEqual(waiting.allowedActions, ["Cancel", "Resume"]);
    const manual = waiting.tasks[4]?.customDetails;
    assert.equal(manual?.instanceType, "ManualActionTaskDetails");
    assert.ok(manual?.instanceType === "ManualActionTaskDetails" && manual.instructions);

    const done = at(resumeJob(suspended, T0 + 4000 * S, "all good"), T0 + 9000 * S);
    const after = renderJob(done, "full").properties;
    const observed = after.tasks[4]?.customDetails;
    assert.ok(observed?.instanceType === "ManualActionTaskDetails");
    assert.equal(observed.observation, "all good");
    assert.ok(after.customDetails?.instanceType === "TestFailoverJobDetails");
    assert.equal(after.customDetails.comments, "all good");
    assert.equal(after.customDetails.protectedItemDetails?.[0]?.friendlyName, "vm1");
    assert.equal(after.customDetails.protectedItemDetails?.[0]?.testVmName, "vm1-test");
  });

  it("shows Cancelling without actions, then Cancelled", () => {
    const running = at(job("CommitFailover"), T0 + 1 * S);
    const cancelling = renderJob(requestCancel(running, T0 + 1 * S), "full").properties;
    assert.equal(cancelling.state, "Cancelling");
    assert.deepEqual(cancelling.allowedActions, []);
    const cancelled = at(requestCancel(running, T0 + 1 * S), T0 + 9 * S);
    const properties = renderJob(cancelled, "full").properties;
    assert.equal(properties.state, "Cancelled");
    assert.equal(properties.endTime, "2026-01-01T00:00:03Z");
    assert.equal(properties.tasks[1]?.state, "Cancelled");
  });

  it("renders group tasks with child tasks pointing at child jobs once started", () => {
    const record = job("RecoveryPlanUnplannedFailover");
    const before = renderJob(record, "full").properties.tasks[1] as AsrTask;
    assert.equal(before.taskType, "RecoveryPlanShutdownGroupTaskDetails");
    assert.equal(before.customDetails, null);
    const group = before.groupTaskCustomDetails;
    assert.equal(group?.instanceType, "RecoveryPlanShutdownGroupTaskDetails");
    assert.ok(group && "rpGroupType" in group);
    assert.equal(group.rpGroupType, "Shutdown");
    const waiting = group.childTasks[0]?.customDetails;
    assert.ok(waiting?.instanceType === "VirtualMachineTaskDetails");
    assert.equal(waiting.jobTask?.jobId, PREFIX);
    assert.equal(waiting.jobTask?.jobFriendlyName, "Unknown");
    assert.equal(waiting.jobTask?.jobScenarioName, "Unknown");
    assert.equal(waiting.jobTask?.targetInstanceType, "Vm");
    assert.equal(waiting.skippedReason, "None");

    const { job: started, spawned } = advanceJob(record, T0 + 10 * S, catalogue);
    const task = renderJob(started, "full").properties.tasks[1] as AsrTask;
    const child = task.groupTaskCustomDetails?.childTasks[0];
    assert.equal(child?.taskType, "VirtualMachineTaskDetails");
    assert.equal(child?.state, "InProgress");
    const details = child?.customDetails;
    assert.ok(details?.instanceType === "VirtualMachineTaskDetails");
    assert.equal(details.jobTask?.jobId, `${PREFIX}${spawned[0]?.name}`);
    assert.equal(details.jobTask?.jobFriendlyName, "Failover");
    assert.equal(details.jobTask?.jobScenarioName, "UnplannedFailover");
    assert.equal(details.jobTask?.targetObjectName, spawned[0]?.targetObjectName);
  });

  it("lists an inline workflow's child jobs as its workflowIds", () => {
    const { job: started, spawned } = advanceJob(
      job("RecoveryPlanTestFailover"),
      T0 + 10 * S,
      catalogue,
    );
    const group = renderJob(started, "full").properties.tasks[1]?.groupTaskCustomDetails;
    assert.ok(group?.instanceType === "InlineWorkflowTaskDetails");
    assert.deepEqual(
      group.workflowIds,
      spawned.map((child) => child.name),
    );
  });

  it("hands out an export's blob only once the export succeeded", () => {
    const record = job("ExportJobs");
    if (record.customDetails.instanceType !== "ExportJobDetails") assert.fail("export details");
    record.customDetails.blobUri = "https://blob/x";
    record.customDetails.sasToken = "sv=1";
    const running = renderJob(at(record, T0), "full").properties;
    assert.equal(running.friendlyName, null);
    assert.deepEqual(running.customDetails, {
      instanceType: "ExportJobDetails",
      affectedObjectDetails: {},
    });
    const done = renderJob(at(record, T0 + 60 * S), "full").properties.customDetails;
    assert.ok(done?.instanceType === "ExportJobDetails");
    assert.equal(done.blobUri, "https://blob/x");
    assert.equal(done.sasToken, "sv=1");
  });
});
