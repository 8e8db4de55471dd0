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

const resumeBody = z
  .object({
    properties: z.object({ comments: z.string().optional() }).strict().optional(),
  })
  .strict();

/** The comment to record; PowerShell sends a single space when the user gives none. */
export function parseResumeBody(body: unknown): string {
  if (body === undefined || body === null) {
    throw errors.invalidInput(
      "InvalidResumeJobParams",
      'The resume request has no body. Send {"properties":{"comments":"..."}}.',
    );
  }
  const parsed = resumeBody.safeParse(body);
  if (!parsed.success) {
    throw errors.invalidInput(
      "InvalidResumeJobParams",
      `The resume request body is invalid: ${describeIssues(parsed.error)}. ` +
        'Send {"properties":{"comments":"..."}}.',
    );
  }
  return parsed.data.properties?.comments ?? "";
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
  .strict();

export function parseExportBody(body: unknown): JobQueryParameter {
  if (body === undefined || body === null) {
    throw errors.invalidInput(
      "InvalidJobQueryParameter",
      "The export request has no body. Send a JobQueryParameter object, {} for every job.",
    );
  }
  const parsed = exportBody.safeParse(body);
  if (!parsed.success) {
    throw errors.invalidInput(
      "InvalidJobQueryParameter",
      `The export request body is invalid: ${describeIssues(parsed.error)}. Accepted fields: ` +
        Object.keys(exportBody.shape).join(", ") +
        ".",
    );
  }
  return parsed.data;
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
