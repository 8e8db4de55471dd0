// Site Recovery's long-running-operation protocol. An action answers 202 with an empty body and
// two polling URLs that both carry the id of the job tracking the action:
//   Location             .../replicationJobs/{job}/operationresults/{id}  → 202 until done, then
//                        200 with the final Job
//   Azure-AsyncOperation .../vaults/{vault}/replicationOperationStatus/{id} → {status, ...}
// x-ms-request-id is the tracking job's ARM id, as the service sends it.

import { CANCEL_LATENCY_MS } from "../jobs/engine.js";
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
 * The outcome of an action at `now`. A cancel is done once it has taken effect, which the engine
 * guarantees CANCEL_LATENCY_MS after it was accepted (reading the job instead would make the
 * answer change if the job is restarted later); a resume is done at once; the other actions
 * follow the job that tracks them.
 */
export function operationStatus(
  operation: OperationRecord,
  tracking: JobRecord,
  now: number,
): OperationStatus {
  if (operation.kind === "cancel") {
    return now < cancelTakesEffect(operation) ? "InProgress" : "Succeeded";
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

/** When a finished operation ended; null while it runs. */
export function operationEndTime(
  operation: OperationRecord,
  tracking: JobRecord,
  status: OperationStatus,
): number | null {
  if (status === "InProgress") return null;
  if (operation.kind === "cancel") return cancelTakesEffect(operation);
  if (operation.kind === "resume") return operation.startTime;
  return tracking.endTime ?? operation.startTime;
}

function cancelTakesEffect(operation: OperationRecord): number {
  return operation.startTime + CANCEL_LATENCY_MS;
}
