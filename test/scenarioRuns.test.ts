// Every scenario of the catalogue, stepped through on a frozen clock over HTTPS: each body on the
// way is valid against the job schema, manual steps wait for a resume, child jobs of group tasks
// exist and can be read, and the job ends Succeeded.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import { assertValidJob } from "./support/schema.js";
import {
  API,
  DEMO_VAULT_ID,
  DEMO_VAULT_PATH,
  startTestEmulator,
  type TestEmulator,
} from "./support/emulator.js";

interface TaskBody {
  state: string;
  customDetails: { jobTask?: { jobId: string } } | null;
  groupTaskCustomDetails: { childTasks: TaskBody[] } | null;
}

interface JobBody {
  name: string;
  properties: { state: string; scenarioName: string; tasks: TaskBody[] };
}

/** Steps of one minute, up to a day: longer than any built-in scenario runs. */
const STEP = "PT1M";
const MAX_STEPS = 24 * 60;

function childJobIds(tasks: TaskBody[]): string[] {
  return tasks.flatMap((task) => [
    ...(task.customDetails?.jobTask?.jobId ? [task.customDetails.jobTask.jobId] : []),
    ...childJobIds(task.groupTaskCustomDetails?.childTasks ?? []),
  ]);
}

describe("every scenario runs to completion", () => {
  let env: TestEmulator;
  let scenarios: { name: string }[] = [];

  before(async () => {
    env = await startTestEmulator({ demo: true });
    await env.send("POST", "/_emulator/clock", { body: { freeze: true } });
    const listed = await env.send("GET", "/_emulator/scenarios");
    assert.equal(listed.status, 200);
    scenarios = (listed.json as { value: { name: string }[] }).value;
  });
  after(async () => env.stop());

  test("the catalogue lists the scenarios users need", () => {
    const names = scenarios.map((scenario) => scenario.name);
    for (const required of [
      "PlannedFailover",
      "UnplannedFailover",
      "TestFailover",
      "TestFailoverCleanup",
      "CommitFailover",
      "SwitchReplicationGroupProtection",
      "EnableDr",
      "DisableDr",
    ]) {
      assert.ok(names.includes(required), `${required} missing from ${names.join(", ")}`);
    }
  });

  test("each scenario, stepped minute by minute", async () => {
    assert.ok(scenarios.length >= 10);
    for (const { name: scenario } of scenarios) {
      const created = await env.send("POST", "/_emulator/jobs", {
        body: { vaultId: DEMO_VAULT_ID, scenario },
      });
      assert.equal(created.status, 201, `${scenario}: ${created.text}`);
      const name = (created.json as JobBody).name;
      const url = `${DEMO_VAULT_PATH}/replicationJobs/${name}?${API}`;

      let job = created.json as JobBody;
      for (let step = 0; job.properties.state !== "Succeeded"; step++) {
        assert.ok(step < MAX_STEPS, `${scenario} never finished`);
        assert.notEqual(job.properties.state, "Failed", `${scenario} failed`);
        if (job.properties.state === "Suspended") {
          const resumed = await env.send(
            "POST",
            `${DEMO_VAULT_PATH}/replicationJobs/${name}/resume?${API}`,
            {
              body: { properties: { comments: "done" } },
            },
          );
          assert.equal(resumed.status, 202, `${scenario}: ${resumed.text}`);
        } else {
          await env.send("POST", "/_emulator/clock", { body: { advance: STEP } });
        }
        const answer = await env.send("GET", url);
        assert.equal(answer.status, 200, `${scenario}: ${answer.text}`);
        assertValidJob(answer.json);
        job = answer.json as JobBody;
      }

      for (const jobId of childJobIds(job.properties.tasks)) {
        const child = await env.send("GET", `${jobId}?${API}`);
        assert.equal(child.status, 200, `${scenario}: child ${jobId}: ${child.text}`);
        assertValidJob(child.json);
        assert.equal((child.json as JobBody).properties.state, "Succeeded");
      }
    }
  });
});
