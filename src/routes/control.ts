// The control API under /_emulator: what a test suite uses to shape the emulator's world
// (create jobs with chosen outcomes, step the clock, start over). Same bearer auth as ARM, no
// api-version.

import { z } from "zod";

import { errors } from "../arm/errors.js";
import { jobArmId, parseVaultId } from "../arm/resourceIds.js";
import { activityIdOf, type ArmRouter, type RouteModule } from "../http/router.js";
import { MAX_TIME_SCALE } from "../jobs/clock.js";
import { after, readDuration } from "../jobs/durations.js";
import { MAX_DURATION_SECONDS } from "../jobs/jobInputs.js";
import type { ClockControl } from "../jobs/clockControl.js";
import { renderJob } from "../jobs/render.js";
import type { JobService } from "../jobs/service.js";
import type { StoreTx } from "../store/store.js";
import { acceptedFields, parseBody } from "./bodies.js";

const CONTROL = { apiVersions: null, resourceType: "emulator" } as const;

// The same bounds the job service checks; here they give the message naming the field.
const seconds = z.number().min(0).max(MAX_DURATION_SECONDS);

// Names that are path segments of the API itself would make a job unreachable by URL.
const RESERVED_NAMES = ["export", "operationresults"];
const jobName = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_.-]+$/, "letters, digits, '.', '_' and '-' only")
  .refine((name) => !/^\.+$/.test(name), "a name of dots only is a path step, not a name")
  .refine(
    (name) => !RESERVED_NAMES.includes(name.toLowerCase()),
    `${RESERVED_NAMES.join(" and ")} are path segments of the API`,
  );

const errorSpec = z
  .object({
    code: z
      .string()
      .regex(/^\d+$/, 'a Site Recovery error code is a number written as a string, e.g. "150253"')
      .optional(),
    message: z.string().min(1).optional(),
    possibleCauses: z.string().optional(),
    recommendedAction: z.string().optional(),
    provider: z
      .object({
        errorCode: z.number().int(),
        errorMessage: z.string().nullable().optional(),
        possibleCauses: z.string().optional(),
        recommendedAction: z.string().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const createJobBody = z
  .object({
    vaultId: z.string().min(1),
    scenario: z.string().min(1),
    name: jobName.optional(),
    targetObjectName: z.string().min(1).optional(),
    targetObjectId: z.string().min(1).optional(),
    fabricId: z.string().min(1).optional(),
    taskSeconds: z.union([seconds, z.array(seconds)]).optional(),
    startDelaySeconds: seconds.optional(),
    failAtTask: z.number().int().min(0).optional(),
    error: errorSpec.optional(),
    suspendAtTask: z.number().int().min(0).optional(),
    instructions: z.string().optional(),
  })
  .strict();

const resetBody = z.object({ demo: z.boolean().optional() }).strict();

const clockBody = z
  .object({
    freeze: z.boolean().optional(),
    scale: z.number().positive().max(MAX_TIME_SCALE).optional(),
    advance: z.string().min(1).optional(),
  })
  .strict();

export function controlRoutes(
  service: JobService,
  clock: ClockControl,
  /** Puts the demo vault back inside the reset's transaction, when the caller asks for it. */
  seedDemo: (tx: StoreTx, now: number) => Promise<void>,
): RouteModule {
  return (router: ArmRouter) => {
    router.route(
      "/_emulator/jobs",
      {
        POST: async (request, reply) => {
          const body = parseBody(createJobBody, request.body, {
            code: "InvalidJobRequest",
            what: "job",
            hint: acceptedFields(createJobBody),
            required: false,
          });
          const { vaultId, ...options } = body;
          const vault = parseVaultId(vaultId);
          if (!vault) {
            throw errors.invalidInput(
              "InvalidVaultId",
              `'${vaultId}' is not a vault id. Expected /subscriptions/{subscription}/` +
                "resourceGroups/{group}/providers/Microsoft.RecoveryServices/vaults/{vault}.",
            );
          }
          const job = await service.createJob({
            ...options,
            vault,
            activityId: activityIdOf(request.arm),
          });
          return reply
            .code(201)
            .header("x-ms-request-id", jobArmId(job.vault, job.name))
            .send(renderJob(job, "full"));
        },
      },
      CONTROL,
    );

    router.route(
      "/_emulator/reset",
      {
        POST: async (request, reply) => {
          const body = parseBody(resetBody, request.body, {
            code: "InvalidResetRequest",
            what: "reset",
            hint: acceptedFields(resetBody),
            required: false,
          });
          const demo = body.demo ?? false;
          await clock.restart();
          await service.reset((tx, now) => (demo ? seedDemo(tx, now) : Promise.resolve()));
          return reply.send({ status: "reset" });
        },
      },
      CONTROL,
    );

    router.route(
      "/_emulator/clock",
      {
        GET: async (_request, reply) => reply.send(clock.view()),
        POST: async (request, reply) => {
          const body = parseBody(clockBody, request.body, {
            code: "InvalidClockRequest",
            what: "clock",
            hint: acceptedFields(clockBody),
            required: false,
          });
          const { freeze, scale, advance } = body;
          const now = clock.now();
          const advanceMs =
            advance === undefined ? undefined : after(now, readDuration(advance)) - now;
          await clock.change({ freeze, scale, advanceMs });
          return reply.send(clock.view());
        },
      },
      CONTROL,
    );

    router.route(
      "/_emulator/scenarios",
      {
        GET: async (_request, reply) => reply.send({ value: service.catalogue.list() }),
      },
      CONTROL,
    );
  };
}
