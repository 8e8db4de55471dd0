// The command line: flag validation (exit 2, a message on stderr, no stack), the token command,
// a real `start` that prints one line and stops cleanly on SIGTERM, and its signal handlers.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

import { decodeJwt } from "jose";

import { main, type CliIo } from "../src/cli/main.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CLI = fileURLToPath(new URL("../src/cli/main.ts", import.meta.url));

interface Run {
  code: number;
  exits: number[];
  stdout: string;
  stderr: string;
}

async function run(...args: string[]): Promise<Run> {
  const result: Run = { code: -1, exits: [], stdout: "", stderr: "" };
  const io: CliIo = {
    stdout: (text) => void (result.stdout += text),
    stderr: (text) => void (result.stderr += text),
    exit: (code) => void result.exits.push(code),
  };
  result.code = await main(["node", "asr-emulator", ...args], io);
  return result;
}

describe("flag validation", () => {
  const bad: [string[], RegExp][] = [
    [["start", "--port", "abc"], /--port.*'abc'.*0 to 65535/],
    [["start", "--port", "65536"], /--port.*0 to 65535/],
    [["start", "--port", "-1"], /--port/],
    [["start", "--port", "80.5"], /--port/],
    [["start", "--time-scale", "0"], /--time-scale.*greater than 0/],
    [["start", "--time-scale", "fast"], /--time-scale/],
    [["start", "--time-scale", "1e308"], /--time-scale.*greater than 0 and at most 1000000/],
    [["start", "--time-scale", "1000001"], /--time-scale.*at most 1000000/],
    [["start", "--time-scale", "Infinity"], /--time-scale/],
    [["start", "--retry-after", "-2"], /--retry-after/],
    [["start", "--page-size", "0"], /--page-size.*1 to 1000/],
    [["start", "--page-size", "1001"], /--page-size.*1 to 1000/],
    [["token", "--lifetime", "0"], /--lifetime/],
    [["token", "--lifetime", "31536001"], /--lifetime.*1 to 31536000/],
    [["token", "--lifetime", "99999999999999999999"], /--lifetime.*1 to 31536000/],
    [["start", "--bogus"], /unknown option '--bogus'/],
    [["start", "--cert", "cert.pem"], /--cert without --key: --cert and --key go together/],
    [["start", "--key", "key.pem"], /--key without --cert: --cert and --key go together/],
    [["start", "--in-memory", "--data-dir", "d"], /--in-memory .* --data-dir would be ignored/],
    [["start", "--data-dir", "d", "--in-memory"], /--in-memory .* --data-dir/],
    [["start", "--http", "--cert", "c.pem", "--key", "k.pem"], /--http/],
    [["launch"], /unknown command 'launch'/],
  ];

  for (const [args, message] of bad) {
    it(`refuses ${args.join(" ")} with exit code 2`, async () => {
      const result = await run(...args);
      assert.equal(result.code, 2);
      assert.deepEqual(result.exits, [2]);
      assert.match(result.stderr, message);
      assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
      assert.equal(result.stdout, "");
    });
  }

  it("shows help on stdout with exit code 0", async () => {
    const result = await run("start", "--help");
    assert.equal(result.code, 0);
    assert.deepEqual(result.exits, []);
    assert.match(result.stdout, /--time-scale <n>/);
  });
});

describe("token", () => {
  it("prints only a management token", async () => {
    const result = await run("token");
    assert.equal(result.code, 0);
    assert.equal(result.stderr, "");
    assert.match(result.stdout, /^[\w-]+\.[\w-]+\.[\w-]+\n$/);

    const claims = decodeJwt(result.stdout.trim());
    assert.equal(claims.aud, "https://management.azure.com/");
    assert.equal((claims.exp ?? 0) - (claims.iat ?? 0), 24 * 3600);
  });

  it("accepts a lifetime of one year", async () => {
    const result = await run("token", "--lifetime", "31536000");
    assert.equal(result.code, 0);
    const claims = decodeJwt(result.stdout.trim());
    assert.equal((claims.exp ?? 0) - (claims.iat ?? 0), 31_536_000);
  });

  it("honours --lifetime", async () => {
    const result = await run("token", "--lifetime", "120");
    const claims = decodeJwt(result.stdout.trim());
    assert.equal((claims.exp ?? 0) - (claims.iat ?? 0), 120);
  });
});

describe("signal handlers of an in-process start", () => {
  const SIGNALS = ["SIGINT", "SIGTERM"] as const;
  const counts = () => SIGNALS.map((signal) => process.listenerCount(signal));

  async function until(condition: () => boolean): Promise<void> {
    for (let waited = 0; !condition(); waited += 20) {
      assert.ok(waited < 20_000, "timed out");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it("are removed when start fails", async () => {
    const before = counts();
    const missing = join(tmpdir(), "asr-emulator-no-such-scenarios.yaml");
    const result = await run("start", "--in-memory", "--port", "0", "--scenarios", missing);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /could not start: .*no-such-scenarios\.yaml/);
    assert.deepEqual(counts(), before);
  });

  it("stop once; a second signal while stopping forces the exit", async () => {
    const before = SIGNALS.map((signal) => process.listeners(signal));
    const result = await run("start", "--in-memory", "--port", "0", "--no-demo");
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^asr-emulator listening on /);

    // Only the CLI's own handlers are called: emitting the signal would reach the test runner's.
    const [onInt, onTerm] = SIGNALS.map((signal, i) =>
      process.listeners(signal).find((listener) => !before[i]?.includes(listener)),
    );
    assert.ok(onInt && onTerm, "handlers installed");
    onInt("SIGINT");
    onTerm("SIGTERM");
    // The real exit would end the process at 143; this one returns, so the stop finishes too.
    await until(() => result.exits.length === 2);
    assert.deepEqual(result.exits, [143, 0]);
    assert.match(result.stderr, /^asr-emulator: SIGTERM while stopping, forced exit\n$/);
    assert.deepEqual(
      counts(),
      before.map((listeners) => listeners.length),
    );
  });
});

describe("as a process", () => {
  function spawnCli(...args: string[]) {
    return spawn(process.execPath, ["--import", "tsx", CLI, ...args], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
  }

  async function collect(child: ReturnType<typeof spawnCli>) {
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, "exit")) as [number | null];
    return { code, stdout, stderr };
  }

  it("exits 2 on a bad flag", async () => {
    const { code, stdout, stderr } = await collect(spawnCli("start", "--page-size", "many"));
    assert.equal(code, 2);
    assert.equal(stdout, "");
    assert.match(stderr, /--page-size/);
  });

  /** The lines that are not pino's JSON log lines: what the CLI itself says. */
  function cliLines(stderr: string): string[] {
    return stderr.split("\n").filter((line) => line !== "" && !line.startsWith("{"));
  }

  it("exits 1 with one line when a --scenarios file cannot be read", async () => {
    const missing = join(tmpdir(), "asr-emulator-no-such-scenarios.yaml");
    const child = spawnCli("start", "--in-memory", "--port", "0", "--scenarios", missing);
    const { code, stdout, stderr } = await collect(child);
    assert.equal(code, 1);
    assert.equal(stdout, "");
    const lines = cliLines(stderr);
    assert.equal(lines.length, 1, stderr);
    assert.match(lines[0] ?? "", /^asr-emulator: could not start: .*no-such-scenarios\.yaml/);
    assert.doesNotMatch(stderr, /\n\s+at /, "no stack trace");
  });

  it("exits 1 with one line when the port is in use", async () => {
    const server = createServer();
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    try {
      const { port } = server.address() as AddressInfo;
      const child = spawnCli("start", "--in-memory", "--no-demo", "--port", String(port));
      const { code, stdout, stderr } = await collect(child);
      assert.equal(code, 1);
      assert.equal(stdout, "");
      const lines = cliLines(stderr);
      assert.equal(lines.length, 1, stderr);
      assert.match(lines[0] ?? "", /^asr-emulator: could not start: .*EADDRINUSE/);
    } finally {
      server.close();
    }
  });

  it("prints a token and exits 0", async () => {
    const { code, stdout } = await collect(spawnCli("token"));
    assert.equal(code, 0);
    assert.equal(decodeJwt(stdout.trim()).aud, "https://management.azure.com/");
  });

  it("starts, prints one line with the certificate to trust, and stops on SIGTERM", async () => {
    const child = spawnCli("start", "--in-memory", "--port", "0", "--no-demo");
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = once(child, "exit");

    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    try {
      const [first] = (await Promise.race([once(lines, "line"), exited])) as [unknown];
      assert.equal(typeof first, "string", `no start-up line; stderr: ${stderr}`);
      assert.match(
        String(first),
        new RegExp(
          String.raw`^asr-emulator listening on https://127\.0\.0\.1:\d+ ` +
            String.raw`\(trust \S+cert\.pem via NODE_EXTRA_CA_CERTS or curl --cacert\)$`,
        ),
      );

      child.kill("SIGTERM");
      const [code] = (await exited) as [number | null];
      assert.equal(code, 0);
    } finally {
      clearTimeout(timer);
      lines.close();
    }
  });
});
