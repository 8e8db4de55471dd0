// Request bodies of the job actions, validated so a client mistake gets a 400 that says what is
// wrong, and the error object of a failed operation's status.

import { z } from "zod";

import { errors } from "../arm/errors.js";
import type { JobQueryParameter } from "../jobs/model.js";
import type { JobRecord } from "../jobs/record.js";

/** Names a zod issue's field the way a caller wrote it: properties.comments. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.length > 0 ? `'${issue.path.join(".")}': ` : "";
      return `${where}${issue.message}`;
    })
    .join("; ");
}

interface BodyRule {
  /** The Site Recovery detail code of the 400. */
  code: string;
  /** What the body is for, as the message names it: "resume", "export", "job". */
  what: string;
  /** Told to the caller with every refusal: the shape to send. */
  hint: string;
  /** A missing body is refused; otherwise it counts as {}. */
  required: boolean;
}

/** Validates a JSON body against `schema`, or throws a 400 that says what is wrong. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown, rule: BodyRule) {
  if (body === undefined || body === null) {
    if (rule.required) {
      throw errors.invalidInput(rule.code, `The ${rule.what} request has no body. ${rule.hint}`);
    }
    body = {};
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data as z.output<S>;
  throw errors.invalidInput(
    rule.code,
    `The ${rule.what} request body is invalid: ${describeIssues(parsed.error)}. ${rule.hint}`,
  );
}

export function acceptedFields(schema: z.ZodObject): string {
  return `Accepted fields: ${Object.keys(schema.shape).join(", ")}.`;
}

const resumeBody = z
  .object({
    properties: z.object({ comments: z.string().nullish() }).strict().nullish(),
  })
  .strict();

/** The comment to record; PowerShell sends a single space when the user gives none. */
export function parseResumeBody(body: unknown): string {
  const parsed = parseBody(resumeBody, body, {
    code: "InvalidResumeJobParams",
    what: "resume",
    hint: 'Send {"properties":{"comments":"..."}}.',
    required: true,
  });
  return parsed.properties?.comments ?? "";
}

const exportBody = z
  .object({
    startTime: z.string().optional(),
    endTime: z.string().optional(),
    fabricId: z.string().optional(),
    affectedObjectTypes: z.string().optional(),
    jobStatus: z.string().optional(),
    jobOutputType: z.string().optional(),
    jobName: z.string().optional(),
    timezoneOffset: z.number().finite().optional(),
  })
  .strict() satisfies z.ZodType<JobQueryParameter>;

export function parseExportBody(body: unknown): JobQueryParameter {
  return parseBody(exportBody, body, {
    code: "InvalidJobQueryParameter",
    what: "export",
    hint: `Send a JobQueryParameter object, {} for every job. ${acceptedFields(exportBody)}`,
    required: true,
  });
}

/** Site Recovery reports a failed operation with its numeric error code as a string. */
export function operationErrorBody(job: JobRecord) {
  const first = job.errors[0]?.serviceErrorDetails;
  return {
    code: first?.code ?? "InternalError",
    message: first?.message ?? `The job '${job.name}' failed.`,
    details: null,
  };
}
