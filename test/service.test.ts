// The job service's transactions: what a failed request leaves behind.

import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";

import { pino } from "pino";

import { ScenarioCatalogue } from "../src/jobs/catalogue.js";
import { Clock } from "../src/jobs/clock.js";
import { DEMO_VAULT, seedDemoInto } from "../src/jobs/demo.js";
import { JobService } from "../src/jobs/service.js";
import { openSqliteStore } from "../src/store/sqlite.js";

const catalogue = ScenarioCatalogue.builtIn();

async function demoService(): Promise<JobService> {
  const store = await openSqliteStore({ file: ":memory:" });
  const clock = new Clock({
    anchorEngineMs: Date.UTC(2026, 0, 1),
    anchorRealMs: 0,
    scale: 1,
    frozen: true,
  });
  const service = new JobService(
    store,
    clock,
    ScenarioCatalogue.builtIn(),
    pino({ level: "silent" }),
  );
  await service.atomically((tx) => seedDemoInto(tx, service, clock.now()));
  return service;
}

describe("JobService", () => {
  test("a reset whose refill fails keeps every job", async () => {
    const service = await demoService();
    const before = await service.listJobs(DEMO_VAULT, {}, null, 100);

    await assert.rejects(
      service.reset(async () => {
        throw new Error("refill failed");
      }),
      /refill failed/,
    );

    const after = await service.listJobs(DEMO_VAULT, {}, null, 100);
    assert.equal(after.jobs.length, before.jobs.length);
    assert.ok(after.jobs.length >= 7);
    await service.store.close();
  });

  test("a reset with the demo refill leaves exactly the demo vault", async () => {
    const service = await demoService();
    await service.createJob({ vault: DEMO_VAULT, scenario: "CommitFailover", name: "extra" });
    await service.reset((tx, now) => seedDemoInto(tx, service, now));
    const jobs = (await service.listJobs(DEMO_VAULT, {}, null, 100)).jobs.map((job) => job.name);
    assert.ok(!jobs.includes("extra"));
    assert.ok(jobs.includes("2653c648-fc72-4316-86f3-fdf8eaa0066b"));
    await service.store.close();
  });
});

describe("two processes on one database file", () => {
  test("concurrent cancels end in one accepted and one refused, never a server error", async () => {
    const dir = await mkdtemp(join(tmpdir(), "asr-emulator-test-"));
    const file = join(dir, "shared.db");
    const clockState = {
      anchorEngineMs: Date.UTC(2026, 0, 1),
      anchorRealMs: 0,
      scale: 1,
      frozen: true,
    };
    const services: JobService[] = [];
    for (let index = 0; index < 2; index++) {
      const store = await openSqliteStore({ file });
      const clock = new Clock(clockState);
      services.push(new JobService(store, clock, catalogue, pino({ level: "silent" })));
    }
    const [first, second] = services as [JobService, JobService];
    try {
      await first.atomically((tx) => seedDemoInto(tx, first, clockState.anchorEngineMs));
      for (let round = 0; round < 5; round++) {
        const job = await first.createJob({
          vault: DEMO_VAULT,
          scenario: "PlannedFailover",
          taskSeconds: 600,
        });
        const outcomes = await Promise.allSettled([
          first.cancel(DEMO_VAULT, job.name),
          second.cancel(DEMO_VAULT, job.name),
        ]);
        const accepted = outcomes.filter((outcome) => outcome.status === "fulfilled");
        const refused = outcomes.flatMap((outcome) =>
          outcome.status === "rejected" ? [outcome.reason as { status?: number }] : [],
        );
        assert.equal(accepted.length, 1);
        assert.deepEqual(
          refused.map((reason) => reason.status),
          [400],
        );
      }
    } finally {
      for (const service of services) await service.store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
