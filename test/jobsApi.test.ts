// The replicationJobs API over HTTPS on a frozen clock: each action's status codes, headers,
// polling URLs, bodies and errors, stepped deterministically with the control API.

import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";

import { assertValidJob, assertValidJobCollection } from "./support/schema.js";
import {
  API,
  DEMO_VAULT_ID,
  DEMO_VAULT_PATH,
  startTestEmulator,
  type HttpAnswer,
  type TestEmulator,
} from "./support/emulator.js";

const JOBS = `${DEMO_VAULT_PATH}/replicationJobs`;

interface JobBody {
  name: string;
  properties: {
    state: string;
    stateDescription: string;
    allowedActions: string[];
    scenarioName: string;
    tasks: { state: string; errors: unknown[] }[];
    errors: { serviceErrorDetails?: { code: string } }[];
    customDetails: Record<string, unknown> | null;
    endTime?: string;
  };
}

interface ErrorBody {
  error: { code: string; message: string; details?: { code: string; message: string }[] };
}

function errorOf(answer: HttpAnswer): ErrorBody["error"] {
  return (answer.json as ErrorBody).error;
}

describe("replicationJobs over HTTPS", () => {
  let env: TestEmulator;

  before(async () => {
    env = await startTestEmulator();
  });
  after(async () => env.stop());

  beforeEach(async () => {
    await env.send("POST", "/_emulator/reset", { body: { demo: true } });
    const frozen = await env.send("POST", "/_emulator/clock", { body: { freeze: true } });
    assert.equal(frozen.status, 200, frozen.text);
  });

  async function advance(duration: string): Promise<void> {
    const answer = await env.send("POST", "/_emulator/clock", { body: { advance: duration } });
    assert.equal(answer.status, 200, answer.text);
  }

  async function createJob(body: Record<string, unknown>): Promise<string> {
    const answer = await env.send("POST", "/_emulator/jobs", {
      body: { vaultId: DEMO_VAULT_ID, ...body },
    });
    assert.equal(answer.status, 201, answer.text);
    assertValidJob(answer.json);
    return (answer.json as JobBody).name;
  }

  async function getJob(name: string): Promise<JobBody> {
    const answer = await env.send("GET", `${JOBS}/${name}?${API}`);
    assert.equal(answer.status, 200, answer.text);
    assertValidJob(answer.json);
    return answer.json as JobBody;
  }

  test("list answers the light form of every job, valid against the schema", async () => {
    const answer = await env.send("GET", `${JOBS}?${API}`);
    assert.equal(answer.status, 200);
    assertValidJobCollection(answer.json);
    const body = answer.json as { value: { properties: Record<string, unknown> }[] };
    assert.ok(body.value.length >= 7);
    for (const job of body.value) {
      assert.deepEqual(job.properties.tasks, []);
      assert.equal(job.properties.activityId, null);
      assert.equal(job.properties.customDetails, null);
    }
  });

  test("get answers the full job with x-ms-request-id set to its ARM id", async () => {
    const name = "2653c648-fc72-4316-86f3-fdf8eaa0066b";
    const answer = await env.send("GET", `${JOBS}/${name.toUpperCase()}?${API}`);
    assert.equal(answer.status, 200);
    assert.match(answer.headers["x-ms-request-id"] ?? "", /\/Subscriptions\/.*\/replicationJobs\//);
    const job = answer.json as JobBody;
    assert.equal(job.name, name);
    assert.equal(job.properties.state, "InProgress");
    assert.ok(job.properties.tasks.length >= 5);
  });

  test("a missing job is 404 NotFound with a Site Recovery detail", async () => {
    const answer = await env.send("GET", `${JOBS}/no-such-job?${API}`, {
      headers: { "x-ms-client-request-id": "client-1" },
    });
    assert.equal(answer.status, 404);
    const error = errorOf(answer);
    assert.equal(error.code, "NotFound");
    assert.equal(error.details?.[0]?.code, "ArmResourceDoesNotExist");
    assert.equal((error.details?.[0] as { clientRequestId?: string }).clientRequestId, "client-1");
    assert.equal(answer.headers["x-ms-client-request-id"], "client-1");
  });

  test("jobs under a missing vault are 404 ResourceNotFound", async () => {
    const path = JOBS.replace("vault1", "vault-missing");
    const answer = await env.send("GET", `${path}?${API}`);
    assert.equal(answer.status, 404);
    assert.equal(errorOf(answer).code, "ResourceNotFound");
  });

  test("jobs under a missing resource group are 404 ResourceGroupNotFound", async () => {
    const path = JOBS.replace("resourceGroupPS1", "group-missing");
    const answer = await env.send("GET", `${path}/some-job?${API}`);
    assert.equal(answer.status, 404);
    assert.equal(errorOf(answer).code, "ResourceGroupNotFound");
  });

  test("cancel answers 202 with the polling headers, then the job ends Cancelled", async () => {
    const name = await createJob({ scenario: "PlannedFailover", taskSeconds: 60 });
    await advance("PT90S");

    const accepted = await env.send("POST", `${JOBS}/${name}/cancel?${API}`);
    assert.equal(accepted.status, 202, accepted.text);
    assert.equal(accepted.text, "");
    const location = accepted.headers["location"] ?? "";
    const asyncOperation = accepted.headers["azure-asyncoperation"] ?? "";
    assert.match(location, new RegExp(`/replicationJobs/${name}/operationresults/${name}\\?api`));
    assert.match(
      asyncOperation,
      new RegExp(`/vaults/vault1/replicationOperationStatus/${name}\\?`),
    );
    assert.equal(accepted.headers["retry-after"], "1");
    assert.match(
      accepted.headers["x-ms-request-id"] ?? "",
      new RegExp(`/replicationJobs/${name}$`),
    );

    const cancelling = await getJob(name);
    assert.equal(cancelling.properties.state, "Cancelling");
    assert.equal(cancelling.properties.stateDescription, "Cancelling");
    assert.deepEqual(cancelling.properties.allowedActions, []);

    const pending = await env.send("GET", location);
    assert.equal(pending.status, 202);
    assert.ok(pending.headers["location"]);
    const inProgress = await env.send("GET", asyncOperation);
    assert.equal((inProgress.json as { status: string }).status, "InProgress");
    assert.equal(inProgress.headers["retry-after"], "1");

    await advance("PT5S");
    const done = await env.send("GET", location);
    assert.equal(done.status, 200);
    assertValidJob(done.json);
    const cancelled = done.json as JobBody;
    assert.equal(cancelled.properties.state, "Cancelled");
    assert.deepEqual(cancelled.properties.allowedActions, ["Restart"]);
    assert.ok(cancelled.properties.tasks.some((task) => task.state === "Cancelled"));
    assert.ok(cancelled.properties.tasks.every((task) => task.state !== "NotStarted"));

    const status = await env.send("GET", asyncOperation);
    const body = status.json as Record<string, unknown>;
    assert.equal(body.status, "Succeeded");
    assert.equal(body.name, name);
    assert.ok(body.id && body.startTime && body.endTime);
  });

  test("cancelling a finished job is 400 saying why, and changes nothing", async () => {
    const name = "1557d73f-6244-491e-8f0b-d300f752240b";
    const answer = await env.send("POST", `${JOBS}/${name}/cancel?${API}`);
    assert.equal(answer.status, 400);
    const error = errorOf(answer);
    assert.equal(error.code, "BadRequest");
    assert.equal(error.details?.[0]?.code, "JobCancelNotAllowed");
    assert.match(error.message, /Succeeded/);
    assert.equal((await getJob(name)).properties.state, "Succeeded");
  });

  test("two concurrent cancels: one is accepted, the other refused", async () => {
    const name = await createJob({ scenario: "PlannedFailover", taskSeconds: 60 });
    await advance("PT10S");
    const answers = await Promise.all([
      env.send("POST", `${JOBS}/${name}/cancel?${API}`),
      env.send("POST", `${JOBS}/${name}/cancel?${API}`),
    ]);
    assert.deepEqual(answers.map((answer) => answer.status).sort(), [202, 400]);
  });

  test("a cancel racing the job's completion is refused once the job has finished", async () => {
    const name = await createJob({ scenario: "CommitFailover", taskSeconds: 1 });
    await advance("PT1M");
    const answer = await env.send("POST", `${JOBS}/${name}/cancel?${API}`);
    assert.equal(answer.status, 400);
    assert.equal((await getJob(name)).properties.state, "Succeeded");
  });

  test("a failed job reports its error, offers Restart, and restart resumes it", async () => {
    const name = await createJob({
      scenario: "UnplannedFailover",
      taskSeconds: 10,
      failAtTask: 3,
      error: { code: "150253", message: "Protection couldn't be enabled." },
    });
    await advance("PT5M");
    const failed = await getJob(name);
    assert.equal(failed.properties.state, "Failed");
    assert.deepEqual(failed.properties.allowedActions, ["Restart"]);
    assert.equal(failed.properties.errors[0]?.serviceErrorDetails?.code, "150253");
    assert.ok(failed.properties.tasks.some((task) => task.errors.length > 0));

    const accepted = await env.send("POST", `${JOBS}/${name}/restart?${API}`);
    assert.equal(accepted.status, 202, accepted.text);
    const trackingId = /operationresults\/([^?]+)/.exec(accepted.headers["location"] ?? "")?.[1];
    assert.ok(trackingId && trackingId !== name);
    const restartJob = await getJob(trackingId);
    assert.equal(restartJob.properties.scenarioName, "RestartJob");
    assert.equal((await getJob(name)).properties.state, "InProgress");

    await advance("PT5M");
    assert.equal((await getJob(name)).properties.state, "Succeeded");
    const status = await env.send("GET", accepted.headers["azure-asyncoperation"] ?? "");
    assert.equal((status.json as { status: string }).status, "Succeeded");
  });

  test("a failed job's operation status says Failed with the numeric error code", async () => {
    const name = await createJob({ scenario: "CommitFailover", taskSeconds: 1, failAtTask: 0 });
    const status = `${DEMO_VAULT_PATH}/replicationOperationStatus/${name}?${API}`;
    const running = await env.send("GET", status);
    assert.equal((running.json as { status: string }).status, "InProgress");

    await advance("PT1M");
    const answer = await env.send("GET", status);
    assert.equal(answer.status, 200, answer.text);
    const body = answer.json as { status: string; error: { code: string; message: string } };
    assert.equal(body.status, "Failed");
    assert.match(body.error.code, /^\d+$/);
    assert.ok(body.error.message.length > 0);
  });

  test("restart of a job that is running is 400", async () => {
    const answer = await env.send(
      "POST",
      `${JOBS}/2653c648-fc72-4316-86f3-fdf8eaa0066b/restart?${API}`,
    );
    assert.equal(answer.status, 400);
    assert.equal(errorOf(answer).details?.[0]?.code, "JobRestartNotAllowed");
  });

  test("resume records the comment and the job continues", async () => {
    const name = "58776d0b-3141-48b2-a377-9ad863eb160d";
    const suspended = await getJob(name);
    assert.equal(suspended.properties.state, "Suspended");
    assert.equal(suspended.properties.stateDescription, "WaitingForStopTestFailover");
    assert.deepEqual(suspended.properties.allowedActions, ["Cancel", "Resume"]);

    const accepted = await env.send("POST", `${JOBS}/${name}/resume?${API}`, {
      body: { properties: { comments: "looks good" } },
    });
    assert.equal(accepted.status, 202, accepted.text);
    const resumed = await getJob(name);
    assert.equal(resumed.properties.state, "InProgress");
    assert.equal(resumed.properties.customDetails?.comments, "looks good");
    await advance("PT10M");
    assert.equal((await getJob(name)).properties.state, "Succeeded");
  });

  test("resume with a missing or malformed body is 400 saying what is wrong", async () => {
    const name = "58776d0b-3141-48b2-a377-9ad863eb160d";
    const missing = await env.send("POST", `${JOBS}/${name}/resume?${API}`);
    assert.equal(missing.status, 400);
    assert.match(errorOf(missing).message, /no body/);

    const wrongType = await env.send("POST", `${JOBS}/${name}/resume?${API}`, {
      body: { properties: { comments: 42 } },
    });
    assert.equal(wrongType.status, 400);
    assert.match(errorOf(wrongType).message, /properties\.comments/);

    const badJson = await env.send("POST", `${JOBS}/${name}/resume?${API}`, {
      rawBody: "{not json",
      headers: { "content-type": "application/json" },
    });
    assert.equal(badJson.status, 400);
    assert.equal((await getJob(name)).properties.state, "Suspended");
  });

  test("resume with a null comment records an empty one", async () => {
    const name = "58776d0b-3141-48b2-a377-9ad863eb160d";
    const accepted = await env.send("POST", `${JOBS}/${name}/resume?${API}`, {
      body: { properties: { comments: null } },
    });
    assert.equal(accepted.status, 202, accepted.text);
    assert.equal((await getJob(name)).properties.customDetails?.comments, "");
  });

  test("resume of a job that is not suspended is 400", async () => {
    const answer = await env.send(
      "POST",
      `${JOBS}/2653c648-fc72-4316-86f3-fdf8eaa0066b/resume?${API}`,
      { body: { properties: { comments: "x" } } },
    );
    assert.equal(answer.status, 400);
    assert.equal(errorOf(answer).details?.[0]?.code, "JobResumeNotAllowed");
  });

  test("export runs an ExportJobs job whose file matches the query", async () => {
    const accepted = await env.send("POST", `${JOBS}/export?${API}`, {
      body: { jobStatus: "Succeeded", affectedObjectTypes: "", jobOutputType: "Json" },
    });
    assert.equal(accepted.status, 202, accepted.text);
    const location = accepted.headers["location"] ?? "";
    assert.match(location, /\/replicationJobs\/operationresults\//);

    await advance("PT1M");
    const done = await env.send("GET", location);
    assert.equal(done.status, 200);
    assertValidJob(done.json);
    const job = done.json as JobBody;
    assert.equal(job.properties.scenarioName, "ExportJobs");
    const details = job.properties.customDetails as { blobUri: string; sasToken: string };

    const file = await env.send("GET", `${details.blobUri}?${details.sasToken}`, { auth: false });
    assert.equal(file.status, 200);
    const exported = file.json as { value: JobBody[] };
    assert.ok(exported.value.length >= 4);
    assert.ok(exported.value.every((entry) => entry.properties.state === "Succeeded"));

    const head = await env.send("HEAD", `${details.blobUri}?${details.sasToken}`, {
      auth: false,
    });
    assert.equal(head.status, 200);
    assert.equal(head.text, "");
    assert.equal(head.headers["content-length"], String(file.raw.length));

    const tampered = await env.send("GET", `${details.blobUri}?${details.sasToken}x`, {
      auth: false,
    });
    assert.equal(tampered.status, 403);
    await advance("P2D");
    const expired = await env.send("GET", `${details.blobUri}?${details.sasToken}`, {
      auth: false,
    });
    assert.equal(expired.status, 403);
  });

  test("export as Xml, and an unknown output type is 400 naming the accepted ones", async () => {
    const accepted = await env.send("POST", `${JOBS}/export?${API}`, {
      body: { jobOutputType: "xml" },
    });
    assert.equal(accepted.status, 202);
    await advance("PT1M");
    const job = (await env.send("GET", accepted.headers["location"] ?? "")).json as JobBody;
    const details = job.properties.customDetails as { blobUri: string; sasToken: string };
    const file = await env.send("GET", `${details.blobUri}?${details.sasToken}`, { auth: false });
    assert.match(file.text, /^<\?xml/);
    assert.match(file.text, /<Job>/);

    const bad = await env.send("POST", `${JOBS}/export?${API}`, {
      body: { jobOutputType: "Csv" },
    });
    assert.equal(bad.status, 400);
    assert.match(errorOf(bad).message, /Json, Xml, Excel/);
  });

  test("list $filter selects jobs; an unknown field is 400 listing accepted fields", async () => {
    const filtered = await env.send(
      "GET",
      `${JOBS}?${API}&$filter=${encodeURIComponent("JobStatus eq 'Failed'")}`,
    );
    assert.equal(filtered.status, 200);
    const names = (filtered.json as { value: JobBody[] }).value.map((job) => job.name);
    assert.deepEqual(names, ["0664564c-353e-401a-ab0c-722257c10e25"]);

    const bad = await env.send("GET", `${JOBS}?${API}&$filter=${encodeURIComponent("Foo eq 'x'")}`);
    assert.equal(bad.status, 400);
    assert.match(errorOf(bad).message, /JobStatus/);
  });

  test("paging follows nextLink, and a tampered skip token is 400", async () => {
    for (let index = 0; index < 120; index++) {
      await createJob({ scenario: "CommitFailover", name: `bulk-${index}` });
    }
    const seen = new Set<string>();
    let url: string | null = `${JOBS}?${API}`;
    let pages = 0;
    while (url) {
      const page: HttpAnswer = await env.send("GET", url);
      assert.equal(page.status, 200, page.text);
      const body = page.json as { value: JobBody[]; nextLink: string | null };
      for (const job of body.value) {
        assert.ok(!seen.has(job.name), `${job.name} returned twice`);
        seen.add(job.name);
      }
      url = body.nextLink;
      pages++;
      // Jobs created while a client pages are returned once, on a later page.
      if (pages === 1)
        await createJob({ scenario: "CommitFailover", name: "created-while-paging" });
    }
    assert.ok(pages >= 2);
    assert.equal(seen.size, 128);
    assert.ok(seen.has("created-while-paging"));

    const first = (await env.send("GET", `${JOBS}?${API}`)).json as { nextLink: string };
    const tampered = first.nextLink.replace(/skipToken=([^&]{4})/i, "skipToken=AAAA");
    const answer = await env.send("GET", tampered);
    assert.equal(answer.status, 400);
  });

  test("suspendAtTask suspends with the instructions until resumed", async () => {
    const name = await createJob({
      scenario: "PlannedFailover",
      taskSeconds: 10,
      suspendAtTask: 1,
      instructions: "Shut the app down, then resume.",
    });
    await advance("PT1M");
    const suspended = await getJob(name);
    assert.equal(suspended.properties.state, "Suspended");
    assert.deepEqual(suspended.properties.allowedActions, ["Cancel", "Resume"]);
    const step = suspended.properties.tasks[1] as unknown as {
      state: string;
      customDetails: { instanceType: string; instructions?: string };
    };
    assert.equal(step.state, "InProgress");
    assert.equal(step.customDetails.instanceType, "ManualActionTaskDetails");
    assert.equal(step.customDetails.instructions, "Shut the app down, then resume.");

    const resumed = await env.send("POST", `${JOBS}/${name}/resume?${API}`, {
      body: { properties: { comments: "app is down" } },
    });
    assert.equal(resumed.status, 202);
    await advance("PT10M");
    assert.equal((await getJob(name)).properties.state, "Succeeded");
  });

  test("startDelaySeconds keeps a job NotStarted, with no action, until it starts", async () => {
    const name = await createJob({ scenario: "CommitFailover", startDelaySeconds: 60 });
    await advance("PT30S");
    const waiting = await getJob(name);
    assert.equal(waiting.properties.state, "NotStarted");
    assert.deepEqual(waiting.properties.allowedActions, []);
    assert.equal((waiting.properties as { startTime?: string }).startTime, undefined);
    await advance("PT1M");
    assert.equal((await getJob(name)).properties.state, "Succeeded");
  });

  test("a recovery plan's child job is acted on through its parent only", async () => {
    const parent = await createJob({ scenario: "RecoveryPlanUnplannedFailover", taskSeconds: 60 });
    await advance("PT90S");
    const running = (await env.send("GET", `${JOBS}/${parent}?${API}`)).json as {
      properties: {
        tasks: {
          groupTaskCustomDetails: {
            childTasks: { customDetails: { jobTask: { jobId: string } } }[];
          } | null;
        }[];
      };
    };
    const childId = running.properties.tasks
      .flatMap((task) => task.groupTaskCustomDetails?.childTasks ?? [])
      .map((child) => child.customDetails.jobTask.jobId)
      .find((jobId) => !jobId.endsWith("/replicationJobs/"));
    assert.ok(childId, "a started group has a child job");
    const childName = childId.split("/").pop() ?? "";

    const child = await getJob(childName);
    assert.equal(child.properties.state, "InProgress");
    assert.deepEqual(child.properties.allowedActions, []);
    const refused = await env.send("POST", `${JOBS}/${childName}/cancel?${API}`);
    assert.equal(refused.status, 400);
    assert.equal(errorOf(refused).details?.[0]?.code, "JobCancelNotAllowed");
    assert.match(errorOf(refused).message, new RegExp(parent));

    const cancelled = await env.send("POST", `${JOBS}/${parent}/cancel?${API}`);
    assert.equal(cancelled.status, 202);
    await advance("PT10S");
    assert.equal((await getJob(parent)).properties.state, "Cancelled");
    assert.equal((await getJob(childName)).properties.state, "Cancelled");
  });

  test("the contract's example requests work on the demo vault as written", async () => {
    const get = await env.send("GET", `${JOBS}/58776d0b-3141-48b2-a377-9ad863eb160d?${API}`);
    assert.equal(get.status, 200);
    const list = await env.send("GET", `${JOBS}?${API}`);
    assert.equal(list.status, 200);
    const examples: [string, unknown][] = [
      ["2653c648-fc72-4316-86f3-fdf8eaa0066b/cancel", undefined],
      ["0664564c-353e-401a-ab0c-722257c10e25/restart", undefined],
      ["58776d0b-3141-48b2-a377-9ad863eb160d/resume", { properties: { comments: " " } }],
      [
        "export",
        {
          startTime: "2017-04-27T14:26:51.9161395Z",
          endTime: "2017-05-04T14:26:51.9161395Z",
          affectedObjectTypes: "",
          jobStatus: "",
        },
      ],
    ];
    for (const [action, body] of examples) {
      const answer = await env.send("POST", `${JOBS}/${action}?${API}`, { body });
      assert.equal(answer.status, 202, `${action}: ${answer.text}`);
      await advance("PT1M");
      const done = await env.send("GET", answer.headers["location"] ?? "");
      assert.equal(done.status, 200, `${action}: ${done.text}`);
      assertValidJob(done.json);
    }
  });

  test("control API: unknown scenario or field is 400 naming what is accepted", async () => {
    const scenario = await env.send("POST", "/_emulator/jobs", {
      body: { vaultId: DEMO_VAULT_ID, scenario: "Teleport" },
    });
    assert.equal(scenario.status, 400);
    assert.match(errorOf(scenario).message, /PlannedFailover/);

    const field = await env.send("POST", "/_emulator/jobs", {
      body: { vaultId: DEMO_VAULT_ID, scenario: "PlannedFailover", colour: "red" },
    });
    assert.equal(field.status, 400);
    assert.match(errorOf(field).message, /failAtTask/);
  });

  test("clock: shows its mode, freezes, scales and advances", async () => {
    const frozen = (await env.send("GET", "/_emulator/clock")).json as Record<string, unknown>;
    assert.equal(frozen.mode, "frozen");
    const before = Date.parse(String(frozen.now));
    await advance("PT30M");
    const later = (await env.send("GET", "/_emulator/clock")).json as Record<string, unknown>;
    assert.equal(Date.parse(String(later.now)) - before, 30 * 60 * 1000);

    const bad = await env.send("POST", "/_emulator/clock", { body: { advance: "30 minutes" } });
    assert.equal(bad.status, 400);
    const scaled = await env.send("POST", "/_emulator/clock", {
      body: { scale: 60, freeze: false },
    });
    assert.deepEqual(
      [
        (scaled.json as Record<string, unknown>).mode,
        (scaled.json as Record<string, unknown>).scale,
      ],
      ["running", 60],
    );
  });

  test("clock changes past its range are 400 and leave it working", async () => {
    const before = (await env.send("GET", "/_emulator/clock")).json as { now: string };
    for (const body of [{ advance: "P300000Y" }, { scale: 1e12 }, { scale: 1e308 }]) {
      const answer = await env.send("POST", "/_emulator/clock", { body });
      assert.equal(answer.status, 400, JSON.stringify(body));
    }
    const after = await env.send("GET", "/_emulator/clock");
    assert.equal(after.status, 200);
    assert.equal((after.json as { now: string }).now, before.now);
    assert.equal((await env.send("GET", "/_emulator/health")).status, 200);
  });

  test("a year's advance moves the calendar year, not 365 days", async () => {
    const clockNow = async () =>
      new Date(((await env.send("GET", "/_emulator/clock")).json as { now: string }).now);
    const before = await clockNow();
    await advance("P1Y");
    const after = await clockNow();
    if (before.getUTCMonth() === 1 && before.getUTCDate() === 29) return;
    assert.equal(after.getUTCFullYear(), before.getUTCFullYear() + 1);
    assert.equal(after.toISOString().slice(4), before.toISOString().slice(4));
  });

  test("control API: reserved names, odd error codes and endless tasks are 400", async () => {
    const bodies = [
      { scenario: "CommitFailover", name: "export" },
      { scenario: "CommitFailover", name: "OperationResults" },
      { scenario: "CommitFailover", name: ".." },
      { scenario: "CommitFailover", failAtTask: 0, error: { code: "abc" } },
      { scenario: "CommitFailover", taskSeconds: 1e308 },
      { scenario: "CommitFailover", startDelaySeconds: 1e12 },
    ];
    for (const body of bodies) {
      const answer = await env.send("POST", "/_emulator/jobs", {
        body: { vaultId: DEMO_VAULT_ID, ...body },
      });
      assert.equal(answer.status, 400, JSON.stringify(body));
    }
  });

  test("reset empties the store and puts the clock back to real time, running", async () => {
    await advance("P10Y");
    await env.send("POST", "/_emulator/reset");
    const clock = (await env.send("GET", "/_emulator/clock")).json as Record<string, unknown>;
    assert.equal(clock.mode, "running");
    assert.ok(Math.abs(Date.parse(String(clock.now)) - Date.now()) < 60_000);
    const answer = await env.send("GET", `${JOBS}?${API}`);
    assert.equal(answer.status, 404);
    assert.equal(errorOf(answer).code, "ResourceGroupNotFound");
  });
});
