// Site Recovery's long-running-operation protocol. An action answers 202 with an empty body and
// two polling URLs that both carry the id of the job tracking the action:
//   Location             .../replicationJobs/{job}/operationresults/{id}  → 202 until done, then
//                        200 with the final Job
//   Azure-AsyncOperation .../vaults/{vault}/replicationOperationStatus/{id} → {status, ...}
// x-ms-request-id is the tracking job's ARM id, as the service sends it.

import type { JobRecord, OperationRecord } from "../jobs/record.js";
import { jobArmId, vaultArmId } from "./resourceIds.js";

export type OperationStatus = "InProgress" | "Succeeded" | "Failed" | "Canceled";

export interface LroUrls {
  location: string;
  asyncOperation: string;
}

export function lroUrls(baseUrl: string, operation: OperationRecord, apiVersion: string): LroUrls {
  const query = `?api-version=${encodeURIComponent(apiVersion)}`;
  const actedOn =
    operation.kind === "export"
      ? `${vaultArmId(operation.vault)}/replicationJobs`
      : jobArmId(operation.vault, operation.jobName);
  return {
    location: `${baseUrl}${actedOn}/operationresults/${operation.name}${query}`,
    asyncOperation:
      `${baseUrl}${vaultArmId(operation.vault)}/replicationOperationStatus/` +
      `${operation.name}${query}`,
  };
}

export function acceptedHeaders(
  urls: LroUrls,
  operation: OperationRecord,
  retryAfterSeconds: number,
): Record<string, string> {
  return {
    Location: urls.location,
    "Azure-AsyncOperation": urls.asyncOperation,
    "Retry-After": String(retryAfterSeconds),
    "x-ms-request-id": jobArmId(operation.vault, operation.trackingJobName),
  };
}

/**
 * The outcome of an action, read from the job that tracks it. A cancel is done once its job has
 * left Cancelling; a resume is done at once; restart and export follow their tracking job.
 */
export function operationStatus(operation: OperationRecord, tracking: JobRecord): OperationStatus {
  if (operation.kind === "cancel") {
    return tracking.state === "Cancelling" ? "InProgress" : "Succeeded";
  }
  if (operation.kind === "resume") return "Succeeded";

  switch (tracking.state) {
    case "Succeeded":
      return "Succeeded";
    case "Failed":
      return "Failed";
    case "Cancelled":
      return "Canceled";
    default:
      return "InProgress";
  }
}
