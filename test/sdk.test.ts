// The official Azure SDK, unchanged but for its endpoint and credential, drives every
// replicationJobs operation against an emulator over HTTPS.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import { SiteRecoveryManagementClient } from "@azure/arm-recoveryservices-siterecovery";
import ExcelJS from "exceljs";
import { Agent, request } from "undici";

import { DEMO_VAULT_ID, startTestEmulator, type TestEmulator } from "./support/emulator.js";

const SUBSCRIPTION = "c183865e-6077-46f2-a3b1-deb0f4f4650a";
const GROUP = "resourceGroupPS1";
const VAULT = "vault1";

describe("the official SDK against the emulator", () => {
  let env: TestEmulator;
  let client: SiteRecoveryManagementClient;

  before(async () => {
    // A faster clock keeps cancel and restart short; the demo failover still runs for minutes.
    env = await startTestEmulator({ timeScale: 20, pageSize: 3 });
    client = new SiteRecoveryManagementClient(env.emulator.credential, SUBSCRIPTION, {
      ...env.emulator.clientOptions,
      apiVersion: "2021-08-01",
    });
  });

  after(async () => {
    await env.stop();
  });

  async function createJob(body: Record<string, unknown>): Promise<string> {
    const answer = await env.send("POST", "/_emulator/jobs", {
      body: { vaultId: DEMO_VAULT_ID, ...body },
    });
    assert.equal(answer.status, 201, answer.text);
    return (answer.json as { name: string }).name;
  }

  test("list walks every page and returns each job once", async () => {
    const names: string[] = [];
    for await (const job of client.replicationJobs.list(VAULT, GROUP)) {
      names.push(job.name ?? "");
      assert.deepEqual(job.properties?.tasks, []);
    }
    assert.ok(names.length >= 7, `expected the demo jobs, got ${names.length}`);
    assert.equal(new Set(names).size, names.length);
    assert.ok(names.includes("2653c648-fc72-4316-86f3-fdf8eaa0066b"));
  });

  test("list with a filter returns only matching jobs", async () => {
    const states: string[] = [];
    const filter = "JobStatus eq 'Succeeded'";
    for await (const job of client.replicationJobs.list(VAULT, GROUP, { filter })) {
      states.push(job.properties?.state ?? "");
    }
    assert.ok(states.length >= 4);
    assert.ok(states.every((state) => state === "Succeeded"));
  });

  test("get returns the full task tree", async () => {
    const job = await client.replicationJobs.get(
      VAULT,
      GROUP,
      "2653c648-fc72-4316-86f3-fdf8eaa0066b",
    );
    assert.equal(job.properties?.scenarioName, "PlannedFailover");
    assert.equal(job.properties?.state, "InProgress");
    assert.deepEqual(job.properties?.allowedActions, ["Cancel"]);
    assert.ok((job.properties?.tasks?.length ?? 0) >= 5);
  });

  test("beginCancelAndWait ends with the job Cancelled", async () => {
    const name = await createJob({ scenario: "PlannedFailover", taskSeconds: 600 });
    const job = await client.replicationJobs.beginCancelAndWait(VAULT, GROUP, name);
    assert.equal(job.name, name);
    assert.equal(job.properties?.state, "Cancelled");
    assert.equal(job.properties?.stateDescription, "Cancelled");
    assert.deepEqual(job.properties?.allowedActions, ["Restart"]);
  });

  test("beginRestartAndWait returns the RestartJob and resumes the failed job", async () => {
    const name = await createJob({ scenario: "UnplannedFailover", taskSeconds: 1, failAtTask: 0 });
    await waitForState(name, "Failed");

    const restart = await client.replicationJobs.beginRestartAndWait(VAULT, GROUP, name);
    assert.equal(restart.properties?.scenarioName, "RestartJob");
    assert.equal(restart.properties?.friendlyName, "Restart job");
    assert.equal(restart.properties?.state, "Succeeded");
    assert.notEqual(restart.name, name);

    const original = await client.replicationJobs.get(VAULT, GROUP, name);
    assert.notEqual(original.properties?.state, "Failed");
  });

  test("beginResumeAndWait records the comment on a suspended test failover", async () => {
    const name = await createJob({ scenario: "TestFailover", taskSeconds: 0.5 });
    await waitForState(name, "Suspended");

    const job = await client.replicationJobs.beginResumeAndWait(VAULT, GROUP, name, {
      properties: { comments: "test passed" },
    });
    assert.equal(job.name, name);
    assert.notEqual(job.properties?.state, "Suspended");
    const details = job.properties?.customDetails as { comments?: string } | undefined;
    assert.equal(details?.comments, "test passed");
  });

  test("beginExportAndWait produces a file downloadable with its SAS token", async () => {
    const job = await client.replicationJobs.beginExportAndWait(VAULT, GROUP, {
      jobOutputType: "Excel",
      jobStatus: "Succeeded",
    });
    assert.equal(job.properties?.scenarioName, "ExportJobs");
    assert.equal(job.properties?.state, "Succeeded");
    const details = job.properties?.customDetails as { blobUri?: string; sasToken?: string };
    assert.ok(details.blobUri && details.sasToken);

    const dispatcher = new Agent({ connect: { ca: env.emulator.ca ?? undefined } });
    const download = await request(`${details.blobUri}?${details.sasToken}`, { dispatcher });
    assert.equal(download.statusCode, 200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await download.body.arrayBuffer());
    const sheet = workbook.getWorksheet("Jobs");
    assert.ok(sheet && sheet.rowCount >= 5, "a header row and the succeeded demo jobs");

    const denied = await request(details.blobUri, { dispatcher });
    assert.equal(denied.statusCode, 403);
    await denied.body.dump();
    await dispatcher.close();
  });

  async function waitForState(name: string, state: string): Promise<void> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const job = await client.replicationJobs.get(VAULT, GROUP, name);
      if (job.properties?.state === state) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.fail(`job ${name} never reached ${state}`);
  }
});
