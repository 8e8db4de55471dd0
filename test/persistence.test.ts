// What a data directory keeps across restarts: jobs where they were on the engine's clock, the
// clock itself, the demo vault seeded once, and the generated certificate.

import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";

import { openStore } from "../src/store/open.js";
import { API, DEMO_VAULT_ID, DEMO_VAULT_PATH, startTestEmulator } from "./support/emulator.js";

interface JobBody {
  name: string;
  properties: { state: string; tasks: { state: string; name: string }[] };
}

describe("a data directory across restarts", () => {
  let dataDir: string;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "asr-emulator-test-"));
  });
  after(async () => rm(dataDir, { recursive: true, force: true }));

  test("jobs continue where they were on the engine's clock", async () => {
    const first = await startTestEmulator({ inMemory: false, dataDir });
    await first.send("POST", "/_emulator/clock", { body: { freeze: true } });
    const created = await first.send("POST", "/_emulator/jobs", {
      body: { vaultId: DEMO_VAULT_ID, scenario: "PlannedFailover", taskSeconds: 60 },
    });
    const name = (created.json as JobBody).name;
    await first.send("POST", "/_emulator/clock", { body: { advance: "PT90S" } });
    const cancelDemo = await first.send(
      "POST",
      `${DEMO_VAULT_PATH}/replicationJobs/2653c648-fc72-4316-86f3-fdf8eaa0066b/cancel?${API}`,
    );
    assert.equal(cancelDemo.status, 202);
    const clockBefore = (await first.send("GET", "/_emulator/clock")).json;
    const certBefore = await readFile(first.emulator.certPath ?? "", "utf8");
    await first.stop();

    const second = await startTestEmulator({ inMemory: false, dataDir });
    try {
      assert.deepEqual((await second.send("GET", "/_emulator/clock")).json, clockBefore);
      assert.equal(await readFile(second.emulator.certPath ?? "", "utf8"), certBefore);

      const url = `${DEMO_VAULT_PATH}/replicationJobs/${name}?${API}`;
      const resumed = (await second.send("GET", url)).json as JobBody;
      assert.equal(resumed.properties.state, "InProgress");
      assert.deepEqual(
        resumed.properties.tasks.map((task) => task.state),
        ["Succeeded", "InProgress", "NotStarted", "NotStarted", "NotStarted"],
      );

      // The demo vault was seeded once: the job cancelled before the restart stays cancelled.
      await second.send("POST", "/_emulator/clock", { body: { advance: "PT10M" } });
      const demo = await second.send(
        "GET",
        `${DEMO_VAULT_PATH}/replicationJobs/2653c648-fc72-4316-86f3-fdf8eaa0066b?${API}`,
      );
      assert.equal((demo.json as JobBody).properties.state, "Cancelled");
      assert.equal(((await second.send("GET", url)).json as JobBody).properties.state, "Succeeded");
    } finally {
      await second.stop();
    }
  });

  test("inMemory with a dataDir is refused, creating nothing", async () => {
    const unused = join(dataDir, "never-created");
    await assert.rejects(
      startTestEmulator({ inMemory: true, dataDir: unused }),
      /inMemory keeps nothing on disk, so dataDir .* would be ignored/,
    );
    assert.equal(existsSync(unused), false);
  });

  test("--in-memory writes nothing to the default data dir, nor keeps a certificate", async () => {
    // The default data directory is relative to the working directory, so run in an empty one.
    const cwd = await mkdtemp(join(tmpdir(), "asr-emulator-cwd-"));
    const previous = process.cwd();
    process.chdir(cwd);
    try {
      const env = await startTestEmulator({ inMemory: true });
      const created = await env.send("POST", "/_emulator/jobs", {
        body: { vaultId: DEMO_VAULT_ID, scenario: "CommitFailover" },
      });
      assert.equal(created.status, 201);
      const certPath = env.emulator.certPath ?? "";
      assert.equal(existsSync(certPath), true);
      await env.stop();

      assert.deepEqual(await readdir(cwd), []);
      assert.equal(existsSync(certPath), false);
    } finally {
      process.chdir(previous);
      await rm(cwd, { recursive: true, force: true });
    }
  });

  test("user scenarios from --scenarios can be run", async () => {
    const file = join(dataDir, "scenarios.yaml");
    await writeFile(
      file,
      [
        "scenarios:",
        "  - name: DrillRunbook",
        "    scenarioName: DrillRunbook",
        "    friendlyName: Run the drill runbook",
        "    targetInstanceType: ProtectionEntity",
        "    defaultTarget: { name: app-01 }",
        "    jobDetails: { instanceType: AsrJobDetails, affectedObjects: none }",
        "    tasks:",
        "      - { taskId: DrillTask, name: DrillTask, friendlyName: Run the drill, seconds: 5 }",
        "",
      ].join("\n"),
    );
    const env = await startTestEmulator({ scenarios: file });
    try {
      const created = await env.send("POST", "/_emulator/jobs", {
        body: { vaultId: DEMO_VAULT_ID, scenario: "DrillRunbook" },
      });
      assert.equal(created.status, 201, created.text);
      const job = created.json as JobBody;
      assert.equal(job.properties.tasks[0]?.name, "DrillTask");
    } finally {
      await env.stop();
    }
  });
});

describe("a data directory whose saved clock is unusable", () => {
  test("starts with a running clock instead of failing every request", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "asr-emulator-test-"));
    try {
      const store = await openStore({ inMemory: false, dataDir });
      await store.setMeta("clock", JSON.stringify({ anchorEngineMs: 1e20, scale: 1e12 }));
      await store.close();

      const env = await startTestEmulator({ inMemory: false, dataDir });
      try {
        const clock = await env.send("GET", "/_emulator/clock");
        assert.equal(clock.status, 200, clock.text);
        assert.equal((clock.json as { mode: string }).mode, "running");
        const job = await env.send("GET", `${DEMO_VAULT_PATH}/replicationJobs?${API}`);
        assert.equal(job.status, 200);
      } finally {
        await env.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe("two emulators on one data directory", () => {
  test("start together, seed once, share signing secrets and the clock", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "asr-emulator-test-"));
    const [first, second] = await Promise.all([
      startTestEmulator({ inMemory: false, dataDir }),
      startTestEmulator({ inMemory: false, dataDir }),
    ]);
    try {
      const listed = await second.send("GET", `${DEMO_VAULT_PATH}/replicationJobs?${API}`);
      assert.equal(listed.status, 200, listed.text);
      assert.equal((listed.json as { value: unknown[] }).value.length, 7);

      // An export made by one is downloadable through the other: one SAS secret.
      const accepted = await first.send(
        "POST",
        `${DEMO_VAULT_PATH}/replicationJobs/export?${API}`,
        {
          body: {},
        },
      );
      assert.equal(accepted.status, 202);
      const frozen = await first.send("POST", "/_emulator/clock", {
        body: { freeze: true, advance: "PT1M" },
      });
      assert.equal(frozen.status, 200);
      const done = await first.send("GET", accepted.headers["location"] ?? "");
      const details = (done.json as { properties: { customDetails: Record<string, string> } })
        .properties.customDetails;
      const blobPath = new URL(details.blobUri ?? "").pathname;
      const file = await second.send("GET", `${blobPath}?${details.sasToken}`, { auth: false });
      assert.equal(file.status, 200);

      // The clock frozen through one is seen frozen by the other once it has looked again.
      let mode = "";
      for (let attempt = 0; attempt < 50 && mode !== "frozen"; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        mode = ((await second.send("GET", "/_emulator/clock")).json as { mode: string }).mode;
      }
      assert.equal(mode, "frozen");
    } finally {
      await first.stop();
      await second.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe("the clock across a restart", () => {
  test("a running clock counts downtime; a new start-up scale replaces the saved one", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "asr-emulator-test-"));
    try {
      const first = await startTestEmulator({ inMemory: false, dataDir, timeScale: 1000 });
      const before = Date.parse(
        ((await first.send("GET", "/_emulator/clock")).json as { now: string }).now,
      );
      await first.stop();
      await new Promise((resolve) => setTimeout(resolve, 200));

      const second = await startTestEmulator({ inMemory: false, dataDir, timeScale: 2 });
      try {
        const clock = (await second.send("GET", "/_emulator/clock")).json as {
          now: string;
          scale: number;
        };
        assert.equal(clock.scale, 2);
        // 200 ms stopped at 1000x is over 3 minutes of engine time.
        assert.ok(Date.parse(clock.now) - before >= 200_000, `${clock.now} vs ${before}`);
      } finally {
        await second.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
