// The one registry of errors the emulator answers with. Code throws ArmError; the server's error
// handler renders it (see envelope.ts). ARM-level errors (authentication, api-version, routing)
// carry only code and message, as Azure Resource Manager sends them; Site Recovery's own errors
// add a `details` entry with possibleCauses and recommendedAction, as the service does.

export interface SiteRecoveryDetail {
  code: string;
  message: string;
  possibleCauses: string;
  recommendedAction: string;
}

export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Present for Site Recovery errors; the envelope adds clientRequestId and activityId. */
    readonly detail?: SiteRecoveryDetail,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ArmError";
  }
}

/** A Site Recovery error: the envelope's code is the HTTP-ish name, the detail has ASR's code. */
function siteRecovery(
  status: number,
  code: string,
  detail: SiteRecoveryDetail,
  headers?: Record<string, string>,
): ArmError {
  return new ArmError(status, code, detail.message, detail, headers);
}

const BEARER_CHALLENGE =
  'Bearer authorization_uri="https://login.microsoftonline.com/common", ' +
  'error="invalid_token", error_description="%s"';

function challenge(description: string): Record<string, string> {
  return { "WWW-Authenticate": BEARER_CHALLENGE.replace("%s", description) };
}

export const errors = {
  missingApiVersion: () =>
    new ArmError(
      400,
      "MissingApiVersionParameter",
      "The api-version query parameter (?api-version=) is required for all requests.",
    ),

  invalidApiVersion: (given: string, resourceType: string, supported: readonly string[]) =>
    new ArmError(
      400,
      "InvalidApiVersionParameter",
      `The api-version '${given}' is invalid. The supported versions for resource type ` +
        `'${resourceType}' are '${supported.join(",")}'.`,
    ),

  // ARM and OData read a query option once; a second copy would leave it ambiguous which
  // one counts, so it is refused rather than one of them picked.
  repeatedQueryParameter: (name: string) =>
    new ArmError(
      400,
      "InvalidQueryParameter",
      `The query parameter '${name}' was given more than once. Give it once.`,
    ),

  missingAuthorization: () =>
    new ArmError(
      401,
      "AuthenticationFailed",
      "Authentication failed. The 'Authorization' header is missing.",
      undefined,
      challenge("The authentication failed because of missing 'Authorization' header."),
    ),

  malformedAuthorization: () =>
    new ArmError(
      401,
      "AuthenticationFailed",
      "Authentication failed. The 'Authorization' header is provided in an invalid format.",
      undefined,
      challenge("The authentication failed because the 'Authorization' header is invalid."),
    ),

  invalidToken: (reason: string) =>
    new ArmError(
      401,
      "InvalidAuthenticationToken",
      `The access token is invalid: ${reason}`,
      undefined,
      challenge("The access token is invalid."),
    ),

  wrongAudience: (audiences: string, accepted: string) =>
    new ArmError(
      401,
      "InvalidAuthenticationTokenAudience",
      `The access token has been obtained for wrong audience or resource ${audiences}. It ` +
        `should exactly match with one of the allowed audiences ${accepted}.`,
      undefined,
      challenge("The access token was issued for another audience."),
    ),

  expiredToken: (expiredAt: string, now: string) =>
    new ArmError(
      401,
      "ExpiredAuthenticationToken",
      `The access token expiry UTC time '${expiredAt}' is earlier than current UTC time '${now}'.`,
      undefined,
      challenge("The access token has expired."),
    ),

  routeNotFound: (method: string, path: string) =>
    new ArmError(
      404,
      "NotFound",
      `No route matches ${method} '${path}'. See the README for the paths asr-emulator serves.`,
    ),

  invalidResourceType: (type: string) =>
    new ArmError(
      404,
      "InvalidResourceType",
      `The resource type '${type}' could not be found in the namespace ` +
        `'Microsoft.RecoveryServices'.`,
    ),

  methodNotAllowed: (method: string, allowed: readonly string[]) =>
    new ArmError(
      405,
      "MethodNotAllowed",
      `The HTTP method '${method}' is not supported for this path. ` +
        `Supported methods: ${allowed.join(", ")}.`,
      undefined,
      { Allow: allowed.join(", ") },
    ),

  notImplemented: (what: string) =>
    new ArmError(
      501,
      "NotImplemented",
      `${what} is part of the Azure API but is not emulated by asr-emulator yet. ` +
        `See "Differences from Azure" in the README.`,
    ),

  invalidRequestContent: (reason: string) =>
    new ArmError(400, "InvalidRequestContent", `The request content was invalid: ${reason}`),

  unsupportedMediaType: (contentType: string) =>
    new ArmError(
      415,
      "UnsupportedMediaType",
      `The content media type '${contentType}' is not supported. Only 'application/json' is ` +
        `supported.`,
    ),

  payloadTooLarge: (limit: number) =>
    new ArmError(413, "RequestEntityTooLarge", `The request body exceeds ${limit} bytes.`),

  resourceGroupNotFound: (name: string) =>
    new ArmError(404, "ResourceGroupNotFound", `Resource group '${name}' could not be found.`),

  resourceNotFound: (type: string, name: string, resourceGroup: string) =>
    new ArmError(
      404,
      "ResourceNotFound",
      `The Resource '${type}/${name}' under resource group '${resourceGroup}' was not found. ` +
        `For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    ),

  jobNotFound: (name: string) =>
    siteRecovery(404, "NotFound", {
      code: "ArmResourceDoesNotExist",
      message: `Specified resource with name '${name}' does not exist.`,
      possibleCauses: "Ensure correct resource name was specified.",
      recommendedAction: "Verify ARM resource name details.",
    }),

  operationNotFound: (name: string) =>
    siteRecovery(404, "NotFound", {
      code: "ArmResourceDoesNotExist",
      message: `No operation with id '${name}' exists in this vault.`,
      possibleCauses: "The operation id was mistyped, or the vault was reset or deleted.",
      recommendedAction: "Use the Location or Azure-AsyncOperation URL returned by the action.",
    }),

  actionNotAllowed: (action: string, name: string, state: string, allowed: readonly string[]) =>
    siteRecovery(400, "BadRequest", {
      code: `Job${action}NotAllowed`,
      message:
        `The job '${name}' can't be ${pastTense(action)} because it is in the state ` +
        `'${state}'. Allowed actions: ${allowed.length > 0 ? allowed.join(", ") : "none"}.`,
      possibleCauses: `The job's allowedActions don't include ${action}.`,
      recommendedAction:
        `Read the job and check its allowedActions before calling ` + `${action.toLowerCase()}.`,
    }),

  partOfParentJob: (action: string, name: string, parent: string) =>
    siteRecovery(400, "BadRequest", {
      code: `Job${action}NotAllowed`,
      message:
        `The job '${name}' carries out a task of the job '${parent}' and can't be ` +
        `${pastTense(action)} on its own.`,
      possibleCauses: "The job is a child job of a recovery plan, cluster or group task.",
      recommendedAction: `Call ${action.toLowerCase()} on the job '${parent}'.`,
    }),

  invalidInput: (
    code: string,
    message: string,
    recommendedAction = "Verify the input and try again.",
  ) =>
    siteRecovery(400, "BadRequest", {
      code,
      message,
      possibleCauses: "Invalid parameters were specified.",
      recommendedAction,
    }),

  conflict: (message: string) =>
    siteRecovery(409, "Conflict", {
      code: "ConcurrentUpdate",
      message,
      possibleCauses: "Another request changed the job at the same moment.",
      recommendedAction: "Retry the request.",
    }),

  sasDenied: (reason: string) =>
    new ArmError(
      403,
      "AuthenticationFailed",
      `Server failed to authenticate the request. ${reason}`,
    ),

  sasPermissionMismatch: (reason: string) =>
    new ArmError(
      403,
      "AuthorizationPermissionMismatch",
      `This request is not authorized to perform this operation using this permission. ${reason}`,
    ),

  blobNotFound: () => new ArmError(404, "BlobNotFound", "The specified blob does not exist."),

  // Failures Node's HTTP parser reports before a request exists (no route, no handler).
  headersTooLarge: (limit: number) =>
    new ArmError(
      431,
      "RequestHeaderFieldsTooLarge",
      `The request line and headers exceed ${limit} bytes. Shorten the URL or the headers.`,
    ),

  requestTimeout: () =>
    new ArmError(408, "RequestTimeout", "The request was not received in time."),

  malformedRequest: (reason: string) =>
    new ArmError(400, "BadRequest", `The request is not valid HTTP/1.1: ${reason}`),

  serviceUnavailable: () =>
    new ArmError(
      503,
      "ServiceUnavailable",
      "The emulator is shutting down and accepts no new requests.",
      undefined,
      { "Retry-After": "1", Connection: "close" },
    ),

  internal: () =>
    new ArmError(
      500,
      "InternalServerError",
      "The emulator hit an unexpected error; the request id in the response headers finds it in " +
        "the log.",
    ),
} as const;

function pastTense(action: string): string {
  const forms: Record<string, string> = {
    Cancel: "cancelled",
    Restart: "restarted",
    Resume: "resumed",
  };
  return forms[action] ?? `${action.toLowerCase()}ed`;
}
