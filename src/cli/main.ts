// The command line: `asr-emulator start` runs the emulator, `asr-emulator token` prints a bearer
// token for raw HTTP clients. This is the only module that writes to the terminal; everything
// else logs through pino. Bad flags exit with 2, the usual code for a usage error.

import { realpathSync } from "node:fs";
import { constants } from "node:os";
import { pathToFileURL } from "node:url";

import { Command, CommanderError, InvalidArgumentError } from "commander";

import { MAX_LIFETIME_SECONDS, mintToken } from "../arm/auth.js";
import { resolveConfig, type EmulatorOptions } from "../config.js";
import { MAX_TIME_SCALE } from "../jobs/clock.js";
import type { RunningEmulator } from "../index.js";

/** Where the CLI writes and how it ends; tests replace it to run the CLI in-process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  exit(code: number): void;
}

const processIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  exit: (code) => process.exit(code),
};

const USAGE_ERROR = 2;

interface StartFlags {
  host?: string;
  port?: number;
  dataDir?: string;
  inMemory?: boolean;
  http?: boolean;
  cert?: string;
  key?: string;
  timeScale?: number;
  retryAfter?: number;
  pageSize?: number;
  scenarios?: string;
  demo: boolean;
  debug?: boolean;
}

/** Runs the CLI with process-style arguments (node, script, ...); resolves to the exit code. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });

  try {
    await program.parseAsync(argv, { from: "node" });
  } catch (error) {
    exitCode = exitCodeOf(error, io);
  }
  // A running server keeps the process alive; only a failure ends it here.
  if (exitCode !== 0) io.exit(exitCode);
  return exitCode;
}

function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command("asr-emulator")
    .description("A local emulator of the Azure Site Recovery replicationJobs API")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
    });

  program
    .command("start")
    .description("run the emulator until interrupted")
    .option("--host <host>", "address to listen on (default 127.0.0.1)")
    .option("--port <port>", "port to listen on, 0 for any free port (default 8443)", portNumber)
    .option(
      "--data-dir <dir>",
      "where the database and certificate are kept (default ./.asr-emulator)",
    )
    .option("--in-memory", "keep nothing on disk")
    .option("--http", "serve plain HTTP (Azure SDK clients will refuse to send tokens)")
    .option("--cert <pem>", "serve HTTPS with this certificate instead of a generated one")
    .option("--key <pem>", "the private key of --cert")
    .option(
      "--time-scale <n>",
      `engine seconds per real second, up to ${MAX_TIME_SCALE} (default 1)`,
      timeScale,
    )
    .option("--retry-after <seconds>", "Retry-After on long-running operations (default 1)", count)
    .option("--page-size <n>", "jobs per list page, 1 to 1000 (default 100)", pageSize)
    .option("--scenarios <file>", "add or replace scenarios from a JSON or YAML file")
    .option("--no-demo", "do not create the demo vault and its jobs")
    .option("--debug", "log every request")
    .action(async (flags: StartFlags, command: Command) => {
      setExitCode(await start(flags, command, io));
    });

  program
    .command("token")
    .description("print a bearer token the emulator accepts")
    .option(
      "--lifetime <seconds>",
      `how long the token is valid, 1 to ${MAX_LIFETIME_SECONDS} (default 86400)`,
      lifetime,
    )
    .action(async (flags: { lifetime?: number }) => {
      const token = await mintToken({ lifetimeSeconds: flags.lifetime, nowMs: Date.now() });
      io.stdout(`${token}\n`);
    });

  return program;
}

async function start(flags: StartFlags, command: Command, io: CliIo): Promise<number> {
  const options = optionsFrom(flags);
  try {
    checkCombinations(flags, command);
    resolveConfig(options);
  } catch (error) {
    io.stderr(`asr-emulator: ${messageOf(error)}\n`);
    return USAGE_ERROR;
  }

  // Signal handlers go in before anything is printed: a signal that arrives while no handler
  // is installed ends the process at once, so a supervisor that stops the emulator as soon as
  // it reads the start-up line would get an unclean exit.
  //
  // The first SIGINT or SIGTERM stops the emulator gracefully, once. A second one while that is
  // under way (say, an impatient second Ctrl-C) forces the exit at once with 128 + the signal
  // number, as a shell reports a process killed by it, rather than stopping a second time.
  let emulator: RunningEmulator | undefined;
  let stopping = false;
  const removeHandlers = () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  };
  const stop = (running: RunningEmulator) => {
    running.stop().then(
      () => {
        removeHandlers();
        io.exit(0);
      },
      (error: unknown) => {
        removeHandlers();
        io.stderr(`asr-emulator: error while stopping: ${messageOf(error)}\n`);
        io.exit(1);
      },
    );
  };
  function onSignal(signal: NodeJS.Signals): void {
    if (stopping) {
      removeHandlers();
      io.stderr(`asr-emulator: ${signal} while stopping, forced exit\n`);
      io.exit(128 + (constants.signals[signal] ?? 0));
      return;
    }
    stopping = true;
    // During start-up there is nothing to stop yet; start() stops it once it is running.
    if (emulator) stop(emulator);
  }
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  try {
    // Loaded here so that `token` does not pay for the whole server.
    const { startEmulator } = await import("../index.js");
    emulator = await startEmulator(options);
  } catch (error) {
    // Nothing is left to stop, and the handlers would otherwise outlive this run (and swallow
    // the signals of whatever embeds the CLI in-process).
    removeHandlers();
    io.stderr(`asr-emulator: could not start: ${messageOf(error)}\n`);
    return 1;
  }
  if (stopping) {
    stop(emulator);
    return 0;
  }

  const trust = emulator.certPath
    ? ` (trust ${emulator.certPath} via NODE_EXTRA_CA_CERTS or curl --cacert)`
    : "";
  io.stdout(`asr-emulator listening on ${emulator.url}${trust}\n`);
  return 0;
}

/** Flags that each make sense alone but contradict each other; named as the user typed them. */
function checkCombinations(flags: StartFlags, command: Command): void {
  if (flags.http && flags.cert !== undefined) {
    throw new Error("--http serves no certificate: drop --cert and --key, or --http");
  }
  // Only a --data-dir the user typed counts, not one a default or the environment filled in.
  if (flags.inMemory && command.getOptionValueSource("dataDir") === "cli") {
    throw new Error("--in-memory keeps nothing on disk, so --data-dir would be ignored: drop one");
  }
  if ((flags.cert === undefined) !== (flags.key === undefined)) {
    const [given, missing] = flags.cert === undefined ? ["--key", "--cert"] : ["--cert", "--key"];
    throw new Error(
      `${given} without ${missing}: --cert and --key go together, give both PEM files`,
    );
  }
}

function optionsFrom(flags: StartFlags): EmulatorOptions {
  const options: EmulatorOptions = {
    host: flags.host,
    port: flags.port,
    dataDir: flags.dataDir,
    inMemory: flags.inMemory,
    http: flags.http,
    cert: flags.cert,
    key: flags.key,
    timeScale: flags.timeScale,
    retryAfter: flags.retryAfter,
    pageSize: flags.pageSize,
    scenarios: flags.scenarios,
    demo: flags.demo,
    debug: flags.debug,
    silent: false,
  };
  // Unset flags are left out so the configuration's defaults apply.
  return Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as EmulatorOptions;
}

function exitCodeOf(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // Commander has already printed its message; help and version are not failures.
    const benign = ["commander.helpDisplayed", "commander.version"];
    return benign.includes(error.code) ? 0 : USAGE_ERROR;
  }
  io.stderr(`asr-emulator: ${messageOf(error)}\n`);
  return 1;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function integer(value: string, what: string, min: number, max: number): number {
  const parsed = Number(value);
  if (
    !/^\d+$/.test(value.trim()) ||
    !Number.isSafeInteger(parsed) ||
    parsed < min ||
    parsed > max
  ) {
    throw new InvalidArgumentError(`${what} must be a whole number from ${min} to ${max}.`);
  }
  return parsed;
}

function portNumber(value: string): number {
  return integer(value, "The port", 0, 65535);
}

function count(value: string): number {
  return integer(value, "The number of seconds", 0, Number.MAX_SAFE_INTEGER);
}

function lifetime(value: string): number {
  return integer(value, "The token lifetime in seconds", 1, MAX_LIFETIME_SECONDS);
}

function pageSize(value: string): number {
  return integer(value, "The page size", 1, 1000);
}

function timeScale(value: string): number {
  const parsed = Number(value);
  if (value.trim() === "" || !Number.isFinite(parsed) || parsed <= 0 || parsed > MAX_TIME_SCALE) {
    throw new InvalidArgumentError(
      `The time scale must be a number greater than 0 and at most ${MAX_TIME_SCALE}.`,
    );
  }
  return parsed;
}

/** True when this file is the program node was asked to run (not imported by the launcher). */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) void main(process.argv);
