// Renders an ArmError as the body Azure sends. Resource Manager's own errors (authentication,
// api-version, routing) carry only code and message; Site Recovery adds one `details` entry
// that also names the caller's client request id and the activity id, which is what clients
// such as PowerShell print to help a user find the request in the service's logs.

import type { ArmError } from "./errors.js";

export interface SiteRecoveryErrorDetail {
  code: string;
  message: string;
  possibleCauses: string;
  recommendedAction: string;
  clientRequestId: string;
  activityId: string;
}

export interface ArmErrorBody {
  error: {
    code: string;
    message: string;
    details?: SiteRecoveryErrorDetail[];
  };
}

export interface ErrorContext {
  /** The caller's x-ms-client-request-id, when it sent one. */
  clientRequestId: string | null;
  /** The correlation id of the request; Site Recovery reports it as the activity id. */
  correlationId: string;
}

export function renderError(error: ArmError, context: ErrorContext): ArmErrorBody {
  if (error.detail === undefined) {
    return { error: { code: error.code, message: error.message } };
  }

  const { code, message, possibleCauses, recommendedAction } = error.detail;
  return {
    error: {
      code: error.code,
      message: error.message,
      details: [
        {
          code,
          message,
          possibleCauses,
          recommendedAction,
          clientRequestId: context.clientRequestId ?? "",
          activityId: context.correlationId,
        },
      ],
    },
  };
}
