import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ArmError } from "../src/arm/errors.js";
import { ScenarioCatalogue, ScenarioFileError } from "../src/jobs/catalogue.js";
import { createJobRecord, type NewJobOptions } from "../src/jobs/newJob.js";

const T0 = Date.UTC(2026, 0, 1);
const vault = { subscriptionId: "sub-1", resourceGroup: "rg-1", vaultName: "vault-1" };
const builtIn = ScenarioCatalogue.builtIn();
const dir = mkdtempSync(join(tmpdir(), "asr-scenarios-"));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function create(options: Partial<NewJobOptions> & { scenario: string }) {
  return createJobRecord(builtIn, { vault, now: T0, ...options });
}

function badInput(code: string, pattern: RegExp): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof ArmError);
    assert.equal(error.status, 400);
    assert.equal(error.detail?.code, code);
    assert.match(error.message, pattern);
    return true;
  };
}

function fileError(pattern: RegExp): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof ScenarioFileError);
    assert.match(error.message, pattern);
    return true;
  };
}

const YAML_SCENARIO = `
scenarios:
  - name: NightlyDrill
    scenarioName: TestFailover
    friendlyName: Test failover
    targetInstanceType: ProtectionEntity
    defaultTarget: { name: app-vm }
    jobDetails: { instanceType: TestFailoverJobDetails, affectedObjects: vm }
    tasks:
      - { taskId: Check, name: Check, friendlyName: Checking, seconds: 2 }
      - { taskId: Boot, name: Boot, friendlyName: Booting, seconds: 3 }
`;

describe("ScenarioCatalogue", () => {
  it("holds the built-in scenarios, found by name whatever the case", () => {
    const names = builtIn.names();
    for (const name of ["PlannedFailover", "UnplannedFailover", "TestFailover", "ExportJobs"]) {
      assert.ok(names.includes(name), name);
    }
    assert.equal(builtIn.get("plannedfailover")?.friendlyName, "Planned failover");
    assert.equal(builtIn.get("RECOVERYPLANUNPLANNEDFAILOVER")?.scenarioName, "UnplannedFailover");
    assert.equal(builtIn.get("NoSuchThing"), undefined);
    assert.equal(builtIn.list().length, names.length);
  });

  it("adds scenarios from a YAML file", () => {
    const catalogue = ScenarioCatalogue.fromFile(file("drill.yaml", YAML_SCENARIO));
    assert.equal(catalogue.get("nightlydrill")?.tasks.length, 2);
    assert.equal(catalogue.names().length, builtIn.names().length + 1);
  });

  it("replaces a built-in scenario of the same name from a JSON file", () => {
    const replacement = {
      name: "commitfailover",
      scenarioName: "CommitFailover",
      friendlyName: "Commit",
      targetInstanceType: "ProtectionEntity",
      defaultTarget: { name: "vm9" },
      jobDetails: { instanceType: "AsrJobDetails", affectedObjects: "vm" },
      tasks: [{ taskId: "Only", name: "Only", friendlyName: "Only", seconds: 1 }],
    };
    const catalogue = ScenarioCatalogue.fromFile(
      file("commit.json", JSON.stringify([replacement])),
    );
    assert.equal(catalogue.get("CommitFailover")?.defaultTarget.name, "vm9");
    assert.equal(catalogue.names().length, builtIn.names().length);
  });

  it("names the file and field of an invalid YAML definition", () => {
    const path = file("bad.yml", YAML_SCENARIO.replace("seconds: 3", "seconds: -3"));
    assert.throws(
      () => ScenarioCatalogue.fromFile(path),
      fileError(/bad\.yml.*\n.*scenarios\[0\]\.tasks\[1\]\.seconds/),
    );
  });

  it("names the field of an invalid JSON definition", () => {
    const path = file("bad.json", JSON.stringify([{ name: "X", scenarioName: "X" }]));
    assert.throws(
      () => ScenarioCatalogue.fromFile(path),
      fileError(/bad\.json[\s\S]*\[0\]\.tasks/),
    );
  });

  it("reports files it cannot read or parse", () => {
    assert.throws(
      () => ScenarioCatalogue.fromFile(join(dir, "missing.yaml")),
      fileError(/missing\.yaml: cannot read/),
    );
    assert.throws(
      () => ScenarioCatalogue.fromFile(file("broken.json", "{ nope")),
      fileError(/broken\.json: cannot parse/),
    );
    assert.throws(
      () => ScenarioCatalogue.fromFile(file("list.txt", "[]")),
      fileError(/\.json, \.yaml or \.yml/),
    );
    assert.throws(
      () => ScenarioCatalogue.fromFile(file("other.yaml", "foo: 1")),
      fileError(/"scenarios" list/),
    );
  });

  it("rejects a group child naming an unknown scenario", () => {
    const yaml = YAML_SCENARIO.replace(
      "      - { taskId: Boot, name: Boot, friendlyName: Booting, seconds: 3 }",
      `      - taskId: G
        name: G
        friendlyName: Group
        group:
          instanceType: GroupTaskDetails
          children:
            - { instanceType: JobTaskDetails, seconds: 3, scenario: Nope, target: vm2 }`,
    );
    assert.throws(
      () => ScenarioCatalogue.fromFile(file("child.yaml", yaml)),
      fileError(/tasks\[1\]\.group\.children\[0\]\.scenario: unknown scenario 'Nope'/),
    );
  });

  it("rejects scenarios that spawn each other forever", () => {
    const yaml = YAML_SCENARIO.replace(
      "      - { taskId: Boot, name: Boot, friendlyName: Booting, seconds: 3 }",
      `      - taskId: G
        name: G
        friendlyName: Group
        group:
          instanceType: GroupTaskDetails
          children:
            - { instanceType: JobTaskDetails, seconds: 3, scenario: NightlyDrill, target: x }`,
    );
    assert.throws(() => ScenarioCatalogue.fromFile(file("loop.yaml", yaml)), fileError(/loop/));
  });

  it("rejects a name defined twice in one file and a group with seconds", () => {
    const twice = YAML_SCENARIO + YAML_SCENARIO.replace("scenarios:\n", "");
    assert.throws(
      () => ScenarioCatalogue.fromFile(file("twice.yaml", twice)),
      fileError(/defined twice/),
    );
    const grouped = YAML_SCENARIO.replace(
      "      - { taskId: Boot, name: Boot, friendlyName: Booting, seconds: 3 }",
      `      - taskId: G
        name: G
        friendlyName: Group
        seconds: 4
        group:
          instanceType: GroupTaskDetails
          children:
            - { instanceType: JobTaskDetails, seconds: 3, scenario: EnableDr, target: x }`,
    );
    assert.throws(
      () => ScenarioCatalogue.fromFile(file("group.yaml", grouped)),
      fileError(/tasks\[1\]\.seconds: a group task takes no seconds/),
    );
  });
});

describe("createJobRecord", () => {
  it("lists the scenario names when the scenario is unknown", () => {
    assert.throws(
      () => create({ scenario: "Failoverr" }),
      badInput("InvalidScenarioName", /'Failoverr'.*Accepted values: .*PlannedFailover/),
    );
  });

  it("checks durations, delays and task indexes", () => {
    assert.throws(
      () => create({ scenario: "CommitFailover", taskSeconds: -1 }),
      badInput("InvalidDuration", /taskSeconds/),
    );
    assert.throws(
      () => create({ scenario: "CommitFailover", taskSeconds: [1, 2, 3] }),
      badInput("InvalidDuration", /2 tasks, got 3/),
    );
    assert.throws(
      () => create({ scenario: "CommitFailover", startDelaySeconds: -5 }),
      badInput("InvalidDuration", /startDelaySeconds/),
    );
    assert.throws(
      () => create({ scenario: "CommitFailover", failAtTask: 2 }),
      badInput("InvalidTaskIndex", /from 0 to 1; got 2/),
    );
    assert.throws(
      () => create({ scenario: "UnplannedFailover", failAtTask: 1 }),
      badInput("InvalidTaskIndex", /skipped/),
    );
    assert.throws(
      () => create({ scenario: "SwitchReplicationGroupProtection", suspendAtTask: 4 }),
      badInput("InvalidTaskIndex", /group task/),
    );
    assert.throws(
      () => create({ scenario: "CommitFailover", error: { code: "1" } }),
      badInput("InvalidError", /failAtTask/),
    );
    assert.throws(
      () => create({ scenario: "CommitFailover", name: "a/b" }),
      badInput("InvalidJobName", /a\/b/),
    );
  });

  it("fills a per-VM job's defaults", () => {
    const job = create({ scenario: "TestFailover", targetObjectName: "db-01" });
    assert.match(job.name, /^[0-9a-f-]{36}$/);
    assert.match(job.activityId ?? "", /^[0-9a-f-]{36} ActivityId: [0-9a-f-]{36}$/);
    assert.equal(job.targetObjectName, "db-01");
    assert.match(job.targetObjectId, /^[0-9a-f-]{36}$/);
    assert.equal(
      create({ scenario: "EnableDr", targetObjectName: "db-01" }).targetObjectId,
      job.targetObjectId,
    );
    assert.equal(job.customDetails.instanceType, "TestFailoverJobDetails");
    assert.deepEqual(Object.keys(job.customDetails.affectedObjectDetails ?? {}).sort(), [
      "primaryCloudId",
      "primaryCloudName",
      "primaryFabricProviderId",
      "primaryVmId",
      "primaryVmName",
      "primaryVmmId",
      "primaryVmmName",
      "protectionProfileId",
      "recoveryCloudId",
      "recoveryCloudName",
      "recoveryFabricProviderId",
      "recoveryVmId",
      "recoveryVmName",
      "recoveryVmmId",
      "recoveryVmmName",
    ]);
    assert.equal(job.customDetails.affectedObjectDetails?.primaryVmName, "db-01");
    assert.equal(job.state, "NotStarted");
    assert.equal(job.dueAt, T0);
    const manual = job.plan.find((task) => task.manual);
    assert.equal(manual?.manual?.stateDescription, "WaitingForStopTestFailover");
    assert.equal(manual?.customDetails?.instanceType, "ManualActionTaskDetails");
  });

  it("uses the key set of each kind of target", () => {
    const keys = (scenario: string) =>
      Object.keys(create({ scenario }).customDetails.affectedObjectDetails ?? {}).sort();
    assert.deepEqual(keys("RecoveryPlanUnplannedFailover"), [
      "primaryFabricProviderId",
      "primaryVmmId",
      "primaryVmmName",
      "recoveryFabricProviderId",
      "recoveryVmmId",
      "recoveryVmmName",
    ]);
    assert.deepEqual(keys("CommitFailoverProtectionCluster"), [
      "protectionClusterId",
      "protectionClusterName",
      "protectionProfileId",
    ]);
    assert.deepEqual(keys("CreateSite"), [
      "primaryFabricProviderId",
      "primaryVmmId",
      "primaryVmmName",
    ]);
    assert.deepEqual(keys("AddProtectionProfile"), []);
  });

  it("gives export and restart jobs their recorded shapes", () => {
    const exported = create({ scenario: "ExportJobs" });
    assert.equal(exported.friendlyName, null);
    assert.equal(exported.targetInstanceType, "Other");
    assert.equal(exported.targetObjectId, "");
    assert.equal(exported.targetObjectName, "");
    assert.deepEqual(exported.customDetails, {
      instanceType: "ExportJobDetails",
      affectedObjectDetails: {},
    });

    const restart = create({ scenario: "restartjob", targetObjectName: "vm1" });
    assert.equal(restart.scenarioName, "RestartJob");
    assert.deepEqual(
      restart.plan.map((task) => [task.taskId, task.name, task.friendlyName, task.durationMs]),
      [["RemediateWfTask", "RemediateTask", "Restarting job", 1500]],
    );
    assert.equal(restart.plan[0]?.customDetails?.instanceType, "ManualActionTaskDetails");
  });

  it("marks the failing task with the default error, or the caller's", () => {
    const job = create({ scenario: "UpdateMobilityService", failAtTask: 0 });
    assert.equal(job.plan[0]?.failure?.code, "559");
    assert.equal(job.plan[0]?.failure?.message, "The operation could not be completed.");
    assert.equal(job.plan[0]?.failure?.provider?.errorCode, 0);
    const custom = create({
      scenario: "UpdateMobilityService",
      failAtTask: 0,
      error: { code: "78253", possibleCauses: "Policy not associated." },
    });
    assert.equal(custom.plan[0]?.failure?.code, "78253");
    const partial = create({
      scenario: "UpdateMobilityService",
      failAtTask: 0,
      error: { code: undefined, provider: { errorCode: 31389 } },
    });
    assert.equal(partial.plan[0]?.failure?.code, "559");
    assert.equal(partial.plan[0]?.failure?.provider?.errorCode, 31389);
    assert.equal(partial.plan[0]?.failure?.provider?.possibleCauses, "");
    assert.equal(custom.plan[0]?.failure?.possibleCauses, "Policy not associated.");
    assert.equal(
      custom.plan[0]?.failure?.recommendedAction,
      "Resolve the issue and retry the operation.",
    );
  });

  it("sizes a group by its longest child and scales children with the group", () => {
    const job = create({ scenario: "RecoveryPlanUnplannedFailover" });
    const shutdown = job.plan[1];
    assert.equal(shutdown?.durationMs, 64_000);
    assert.deepEqual(
      shutdown?.group?.children.map((child) => child.durationMs),
      [64_000, 63_300],
    );
    const scaled = create({ scenario: "RecoveryPlanUnplannedFailover", taskSeconds: 32 });
    assert.deepEqual(
      scaled.plan[1]?.group?.children.map((c) => c.durationMs),
      [32_000, 31_650],
    );
    assert.equal(shutdown?.group?.children[0]?.childJob.scenarioName, "UnplannedFailover");
  });

  it("fills target tokens in task details", () => {
    const job = create({
      scenario: "VMNicUpdate",
      targetObjectName: "web",
      targetObjectId: "id-7",
    });
    assert.deepEqual(job.plan[1]?.customDetails, {
      instanceType: "VmNicUpdatesTaskDetails",
      vmId: "id-7",
      nicId: "web-nic-01",
      name: "web-nic-01",
    });
  });
});
