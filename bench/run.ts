// A benchmark of the emulator: request rates and latencies of its main read and write paths,
// each reported as a ratio to a health-probe baseline measured in the same run, plus the
// emulator process's memory before and after the load. Ratios rather than absolute numbers
// because machines differ; within one run they share the machine, the TLS stack and the auth
// step, so what the ratio shows is the cost of the store and rendering work on top.
//
// Run with `npm run bench`. It talks to 127.0.0.1 only, runs a fixed number of fixed-length
// scenarios and stops by itself; it is never part of the test suite.

import { fork, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

import autocannon, { type Result } from "autocannon";
import { Agent, request } from "undici";

import type { FromEmulator, ToEmulator } from "./emulator.js";

const VAULT =
  "/subscriptions/c183865e-6077-46f2-a3b1-deb0f4f4650a/resourceGroups/resourceGroupPS1" +
  "/providers/Microsoft.RecoveryServices/vaults/vault1";
const API = "api-version=2021-08-01";

/** Jobs created before measuring, so lists and filters work over a store of realistic size. */
const FINISHED_JOBS = 1_000;
const RUNNING_JOBS = 1_000;
/** Concurrent requests while seeding: enough to be quick, few enough to stay polite. */
const SEED_CONCURRENCY = 10;

const CONNECTIONS = 10;
const SCENARIO_SECONDS = 5;
/** A short untimed run per scenario first, so JIT warm-up is not charged to the first one. */
const WARMUP_SECONDS = 1;
/** Everything should be over in about a minute; past this something hangs, so give up. */
const WATCHDOG_MS = 150_000;

interface Scenario {
  name: string;
  path: string;
  method: "GET" | "POST";
  body?: unknown;
  /** What a correct answer looks like, checked once before measuring. */
  expectStatus: number;
}

interface Measured {
  scenario: Scenario;
  result: Result;
}

const watchdog = setTimeout(() => {
  console.error(`bench: still running after ${WATCHDOG_MS / 1000} s, giving up`);
  process.exit(1);
}, WATCHDOG_MS);
watchdog.unref();

// --- the emulator process -----------------------------------------------------------------

type Ready = Extract<FromEmulator, { type: "ready" }>;

async function startChild(): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = fork(fileURLToPath(new URL("./emulator.ts", import.meta.url)), {
    // Inherit --import tsx; --expose-gc lets the child collect before reporting its heap.
    execArgv: [...process.execArgv, "--expose-gc"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const [message] = (await once(child, "message")) as [FromEmulator];
  if (message.type !== "ready") {
    child.kill();
    throw new Error(`the emulator did not start: ${JSON.stringify(message)}`);
  }
  return { child, ready: message };
}

async function memoryOf(child: ChildProcess): Promise<NodeJS.MemoryUsage> {
  const answer = once(child, "message");
  child.send({ type: "memory" } satisfies ToEmulator);
  const [message] = (await answer) as [FromEmulator];
  if (message.type !== "memory") throw new Error(`unexpected message ${message.type}`);
  return message.memory;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.send({ type: "stop" } satisfies ToEmulator);
  const timer = setTimeout(() => child.kill(), 10_000);
  await exited;
  clearTimeout(timer);
}

// --- plain requests, for seeding and checking ---------------------------------------------

function client(ready: Ready) {
  // This client verifies the emulator's certificate against its CA, which autocannon cannot
  // (see measure()); a run where this passes has proven the server's identity once.
  const dispatcher = new Agent({ connect: { ca: ready.ca ?? undefined } });
  const authorization = `Bearer ${ready.token}`;

  async function send(method: string, path: string, body?: unknown) {
    const answer = await request(`${ready.url}${path}`, {
      method: method as "GET",
      headers: {
        authorization,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      dispatcher,
    });
    const text = await answer.body.text();
    return { status: answer.statusCode, text };
  }

  async function sendOk(method: string, path: string, body?: unknown, status = 200) {
    const answer = await send(method, path, body);
    if (answer.status !== status) {
      const said = answer.text.slice(0, 300);
      throw new Error(`${method} ${path}: expected ${status}, got ${answer.status}: ${said}`);
    }
    return JSON.parse(answer.text) as Record<string, unknown>;
  }

  return { sendOk, close: () => dispatcher.close() };
}

type Client = ReturnType<typeof client>;

/** Creates `count` jobs a few at a time and returns their names. */
async function createJobs(http: Client, count: number, taskSeconds: number): Promise<string[]> {
  const names: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next += 1;
      const job = await http.sendOk(
        "POST",
        "/_emulator/jobs",
        { vaultId: VAULT, scenario: "PlannedFailover", taskSeconds },
        201,
      );
      names.push(String(job.name));
    }
  };
  await Promise.all(Array.from({ length: SEED_CONCURRENCY }, worker));
  return names;
}

async function seed(http: Client): Promise<string> {
  // Short tasks, then an hour of emulated time: these are Succeeded by the time we measure.
  await createJobs(http, FINISHED_JOBS, 1);
  await http.sendOk("POST", "/_emulator/clock", { advance: "PT1H" });
  // Day-long tasks at time-scale 1: these stay InProgress for the whole run.
  const running = await createJobs(http, RUNNING_JOBS, 86_400);
  const first = running[0];
  if (first === undefined) throw new Error("no jobs were created");

  // The filters measured later are only meaningful if both states are well populated.
  for (const state of ["Succeeded", "InProgress"]) {
    const filter = encodeURIComponent(`JobStatus eq '${state}'`);
    const page = await http.sendOk("GET", `${VAULT}/replicationJobs?${API}&$filter=${filter}`);
    if (!Array.isArray(page.value) || page.value.length < 100 || !page.nextLink) {
      throw new Error(`seeding left fewer than a page of ${state} jobs`);
    }
  }
  return first;
}

// --- measuring ----------------------------------------------------------------------------

async function measure(ready: Ready, scenario: Scenario, seconds: number) {
  const body = scenario.body === undefined ? undefined : JSON.stringify(scenario.body);
  return autocannon({
    url: `${ready.url}${scenario.path}`,
    method: scenario.method,
    headers: {
      authorization: `Bearer ${ready.token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body,
    connections: CONNECTIONS,
    duration: seconds,
    // autocannon 9 passes these to tls.connect but forces rejectUnauthorized: false on top, so
    // the CA is given for completeness only; the undici client checked the certificate.
    tlsOptions: ready.ca ? { ca: ready.ca } : {},
  });
}

function scenarios(jobName: string): { baseline: Scenario; measured: Scenario[] } {
  const jobs = `${VAULT}/replicationJobs`;
  const inProgress = encodeURIComponent("JobStatus eq 'InProgress'");
  return {
    baseline: {
      name: "health (baseline)",
      path: "/_emulator/health",
      method: "GET",
      expectStatus: 200,
    },
    measured: [
      { name: "get one job", path: `${jobs}/${jobName}?${API}`, method: "GET", expectStatus: 200 },
      { name: "list first page", path: `${jobs}?${API}`, method: "GET", expectStatus: 200 },
      {
        name: "list InProgress",
        path: `${jobs}?${API}&$filter=${inProgress}`,
        method: "GET",
        expectStatus: 200,
      },
      // Last, because every request adds a job and would grow the store under the reads.
      {
        name: "create job",
        path: "/_emulator/jobs",
        method: "POST",
        body: { vaultId: VAULT, scenario: "PlannedFailover", taskSeconds: 3_600 },
        expectStatus: 201,
      },
    ],
  };
}

// --- reporting ----------------------------------------------------------------------------

const MB = 1024 * 1024;

function mb(bytes: number): string {
  return `${(bytes / MB).toFixed(1)} MB`;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row, index) =>
      row
        // The first column is text, the rest are numbers: align them the way people read them.
        .map((cell, column) =>
          column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!),
        )
        .join("  ")
        .concat(index === 0 ? `\n${widths.map((width) => "-".repeat(width)).join("  ")}` : ""),
    )
    .join("\n");
}

function report(measured: Measured[], baseline: Result): string {
  const rows = [
    ["scenario", "req/s", "mean ms", "p50 ms", "p99 ms", "kB/resp", "vs baseline", "failed"],
  ];
  for (const { scenario, result } of measured) {
    rows.push([
      scenario.name,
      result.requests.average.toFixed(0),
      // autocannon keeps whole milliseconds per request, so fast paths show p50 0; the mean
      // still tells them apart.
      result.latency.mean.toFixed(2),
      String(result.latency.p50),
      String(result.latency.p99),
      // Response size explains much of the list paths' cost: a page carries 100 jobs.
      (result.throughput.average / result.requests.average / 1024).toFixed(1),
      `${(result.requests.average / baseline.requests.average).toFixed(2)}x`,
      String(result.non2xx + result.errors + result.timeouts),
    ]);
  }
  return table(rows);
}

// --- the run ------------------------------------------------------------------------------

async function main(): Promise<boolean> {
  const started = Date.now();
  const { child, ready } = await startChild();
  const http = client(ready);
  try {
    const atStart = await memoryOf(child);
    const jobName = await seed(http);
    const { baseline, measured } = scenarios(jobName);
    const all = [baseline, ...measured];

    // One correct answer per scenario before timing any: a benchmark of error responses
    // would measure nothing useful.
    for (const scenario of all) {
      await http.sendOk(scenario.method, scenario.path, scenario.body, scenario.expectStatus);
    }
    const before = await memoryOf(child);
    console.log(`emulator ${ready.url} (in memory, its own process)`);
    console.log(
      `store: demo vault + ${FINISHED_JOBS} finished + ${RUNNING_JOBS} running ` +
        `PlannedFailover jobs, seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    console.log(
      `${CONNECTIONS} connections, ${SCENARIO_SECONDS} s per scenario after ` +
        `${WARMUP_SECONDS} s of warm-up\n`,
    );

    const results: Measured[] = [];
    // The baseline runs first and again last: if the two differ much, the machine was busy
    // with something else and the ratios in between are not to be trusted.
    for (const scenario of [...all, { ...baseline, name: "health (again)" }]) {
      await measure(ready, scenario, WARMUP_SECONDS);
      results.push({ scenario, result: await measure(ready, scenario, SCENARIO_SECONDS) });
    }
    const after = await memoryOf(child);
    const created = results.find(({ scenario }) => scenario.method === "POST")?.result["2xx"];

    console.log(report(results, results[0]!.result));
    // The write scenario grows the store, so "after" holds more jobs than "before".
    console.log(
      `\nemulator process memory (after a full GC; the load created ${created ?? 0} more ` +
        "jobs, warm-up not counted)",
    );
    console.log(
      table([
        ["", "rss", "heap used"],
        ["at start", mb(atStart.rss), mb(atStart.heapUsed)],
        ["before load (seeded)", mb(before.rss), mb(before.heapUsed)],
        ["after load", mb(after.rss), mb(after.heapUsed)],
        [
          "after / before",
          `${(after.rss / before.rss).toFixed(2)}x`,
          `${(after.heapUsed / before.heapUsed).toFixed(2)}x`,
        ],
      ]),
    );
    console.log(`\ndone in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const failed = results.filter(({ result }) => result.non2xx + result.errors > 0);
    for (const { scenario } of failed) {
      console.error(`bench: ${scenario.name} had failed requests; its numbers are not valid`);
    }
    return failed.length === 0;
  } finally {
    await http.close();
    await stopChild(child);
  }
}

main().then(
  (ok) => {
    process.exitCode = ok ? 0 : 1;
  },
  (error: unknown) => {
    console.error("bench failed:", error);
    process.exitCode = 1;
  },
);
