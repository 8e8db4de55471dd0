// One validated configuration object, built once by the CLI or by startEmulator() and passed
// down. Nothing else reads process.env or command-line flags.

import { z } from "zod";

import { MAX_TIME_SCALE } from "./jobs/clock.js";

export const configSchema = z
  .object({
    host: z.string().min(1).default("127.0.0.1"),
    port: z.number().int().min(0).max(65535).default(8443),
    dataDir: z.string().min(1).default(".asr-emulator"),
    inMemory: z.boolean().default(false),
    http: z.boolean().default(false),
    cert: z.string().min(1).optional(),
    key: z.string().min(1).optional(),
    // Beyond the bound the clock's arithmetic leaves the range of dates it can show.
    timeScale: z
      .number()
      .positive()
      .max(MAX_TIME_SCALE, `the time scale must be greater than 0 and at most ${MAX_TIME_SCALE}`)
      .default(1),
    retryAfter: z.number().int().min(0).default(1),
    pageSize: z.number().int().min(1).max(1000).default(100),
    demo: z.boolean().default(true),
    debug: z.boolean().default(false),
    /** Log nothing at all; startEmulator() defaults to it unless `debug` is set. */
    silent: z.boolean().default(false),
    scenarios: z.string().min(1).optional(),
  })
  .strict()
  .refine((c) => (c.cert === undefined) === (c.key === undefined), {
    message: "--cert and --key go together: give both PEM files or neither",
  });

export type EmulatorConfig = z.output<typeof configSchema>;
export type EmulatorOptions = z.input<typeof configSchema>;

/** Validates options and fills defaults; throws a readable Error on bad input. */
export function resolveConfig(options: EmulatorOptions = {}): EmulatorConfig {
  // Checked on the input: once parsed, a default dataDir looks like one the caller chose.
  if (options.inMemory === true && options.dataDir !== undefined) {
    throw new Error(
      "invalid emulator configuration: inMemory keeps nothing on disk, so dataDir " +
        `('${options.dataDir}') would be ignored; give one or the other`,
    );
  }
  const parsed = configSchema.safeParse(options);
  if (parsed.success) return parsed.data;

  const problems = parsed.error.issues.map((issue) => {
    const where = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
    return `${where}${issue.message}`;
  });
  throw new Error(`invalid emulator configuration: ${problems.join("; ")}`);
}
