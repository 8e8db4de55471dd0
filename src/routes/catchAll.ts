// Paths Azure has but the emulator does not serve. A client calling one learns that plainly
// (501 NotImplemented) instead of getting a 404 that looks like a bug in its own code, and a
// resource type Azure does not have gets ARM's InvalidResourceType. Specific routes always win
// over these parametric ones, so this module can be registered in any order.

import type { FastifyRequest } from "fastify";

import { errors } from "../arm/errors.js";
import { ARM_METHODS, type RouteHandler, type RouteModule } from "../http/router.js";

const VAULT =
  "/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/providers/" +
  "Microsoft.RecoveryServices/vaults/:vaultName";

/** Child types of a vault that the emulator serves; other paths under them are unknown. */
const EMULATED = ["replicationJobs", "replicationOperationStatus"];

/** Child types of a vault that exist in Azure (Site Recovery and Backup) but are not emulated. */
const NOT_EMULATED = [
  "replicationAlertSettings",
  "replicationAppliances",
  "replicationEligibilityResults",
  "replicationEvents",
  "replicationFabrics",
  "replicationLogicalNetworks",
  "replicationMigrationItems",
  "replicationNetworkMappings",
  "replicationNetworks",
  "replicationPolicies",
  "replicationProtectableItems",
  "replicationProtectedItems",
  "replicationProtectionClusters",
  "replicationProtectionContainerMappings",
  "replicationProtectionContainers",
  "replicationProtectionIntents",
  "replicationRecoveryPlans",
  "replicationRecoveryServicesProviders",
  "replicationStorageClassificationMappings",
  "replicationStorageClassifications",
  "replicationUsages",
  "replicationVaultHealth",
  "replicationVaultSetting",
  "replicationvCenters",
  "backupconfig",
  "backupEncryptionConfigs",
  "backupEngines",
  "backupFabrics",
  "backupJobs",
  "backupJobsExport",
  "backupJobsExportOperationResults",
  "backupOperationResults",
  "backupOperations",
  "backupPolicies",
  "backupProtectableItems",
  "backupProtectedItems",
  "backupProtectionContainers",
  "backupProtectionIntents",
  "backupResourceGuardProxies",
  "backupSecurityPIN",
  "backupstorageconfig",
  "backupUsageSummaries",
  "backupValidateOperation",
  "certificates",
  "extendedInformation",
  "monitoringAlerts",
  "monitoringConfigurations",
  "operationResults",
  "operationStatus",
  "privateEndpointConnections",
  "privateLinkResources",
  "registeredIdentities",
  "usages",
];

const emulated = new Set(EMULATED.map((type) => type.toLowerCase()));
const notEmulated = new Map(NOT_EMULATED.map((type) => [type.toLowerCase(), type]));

function everyMethod(handler: RouteHandler) {
  return Object.fromEntries(ARM_METHODS.map((method) => [method, handler]));
}

const vaultChild: RouteHandler = async (request: FastifyRequest) => {
  const { childType } = request.params as { childType: string };
  const known = notEmulated.get(childType.toLowerCase());
  if (known) throw errors.notImplemented(`Microsoft.RecoveryServices/vaults/${known}`);
  if (emulated.has(childType.toLowerCase())) {
    throw errors.routeNotFound(request.method, request.url.split("?")[0] ?? request.url);
  }
  throw errors.invalidResourceType(`vaults/${childType}`);
};

function notImplemented(what: string): RouteHandler {
  return async () => {
    throw errors.notImplemented(what);
  };
}

export function catchAllRoutes(): RouteModule {
  return (router) => {
    // No api-version check: the answer does not depend on it, and the right list is unknown.
    const options = { apiVersions: null, resourceType: "Microsoft.RecoveryServices/vaults" };

    router.route(`${VAULT}/:childType`, everyMethod(vaultChild), options);
    router.route(`${VAULT}/:childType/*`, everyMethod(vaultChild), options);

    router.route(
      "/subscriptions/:subscriptionId/resourceGroups",
      { GET: notImplemented("Listing resource groups") },
      options,
    );
    router.route(
      "/subscriptions/:subscriptionId/providers/Microsoft.RecoveryServices/vaults",
      { GET: notImplemented("Listing a subscription's vaults") },
      options,
    );
  };
}
