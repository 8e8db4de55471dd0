// The api-versions each resource type accepts. Azure Resource Manager rejects a request before it
// reaches a resource provider when the version is missing or not registered for the type, so
// clients pinned to a version that Azure would refuse fail here too.

import { errors } from "./errors.js";

/** Stable Microsoft.RecoveryServices Site Recovery versions (replicationJobs and friends). */
export const SITE_RECOVERY_API_VERSIONS: readonly string[] = [
  "2016-08-10",
  "2018-01-10",
  "2018-07-10",
  "2021-02-10",
  "2021-03-01",
  "2021-04-01",
  "2021-06-01",
  "2021-07-01",
  "2021-08-01",
  "2021-10-01",
  "2021-11-01",
  "2021-12-01",
  "2022-01-01",
  "2022-02-01",
  "2022-03-01",
  "2022-04-01",
  "2022-05-01",
  "2022-08-01",
  "2022-09-10",
  "2022-10-01",
  "2023-01-01",
  "2023-02-01",
  "2023-04-01",
  "2023-06-01",
  "2023-08-01",
  "2024-01-01",
  "2024-02-01",
  "2024-04-01",
  "2024-10-01",
  "2025-01-01",
  "2025-02-01",
  "2025-08-01",
];

/** Microsoft.Resources/resourceGroups versions. */
export const RESOURCE_GROUP_API_VERSIONS: readonly string[] = [
  "2014-04-01",
  "2014-04-01-preview",
  "2015-01-01",
  "2015-11-01",
  "2016-02-01",
  "2016-06-01",
  "2016-07-01",
  "2016-09-01",
  "2017-05-10",
  "2017-06-01",
  "2017-08-01",
  "2018-02-01",
  "2018-05-01",
  "2019-03-01",
  "2019-05-01",
  "2019-05-10",
  "2019-07-01",
  "2019-08-01",
  "2019-10-01",
  "2020-06-01",
  "2020-08-01",
  "2020-10-01",
  "2021-01-01",
  "2021-04-01",
  "2022-09-01",
  "2023-07-01",
  "2024-03-01",
  "2024-07-01",
  "2024-11-01",
];

/** Microsoft.RecoveryServices/vaults versions. */
export const VAULT_API_VERSIONS: readonly string[] = [
  "2016-06-01",
  "2020-02-02",
  "2020-10-01",
  "2021-01-01",
  "2021-02-10",
  "2021-03-01",
  "2021-04-01",
  "2021-06-01",
  "2021-07-01",
  "2021-08-01",
  "2021-11-01-preview",
  "2022-01-01-preview",
  "2022-02-01",
  "2022-03-01",
  "2022-04-01",
  "2022-08-01",
  "2022-09-10",
  "2022-10-01",
  "2023-01-01",
  "2023-02-01",
  "2023-04-01",
  "2023-06-01",
  "2023-08-01",
  "2024-01-01",
  "2024-02-01",
  "2024-04-01",
  "2024-10-01",
  "2025-01-01",
  "2025-02-01",
];

/**
 * Returns the api-version to serve, as listed in `supported`. ARM compares versions without
 * regard to case ("2021-11-01-Preview" is accepted), so the comparison does too.
 */
export function checkApiVersion(
  given: string | null,
  supported: readonly string[],
  resourceType: string,
): string {
  if (given === null || given === "") throw errors.missingApiVersion();

  const wanted = given.toLowerCase();
  const match = supported.find((version) => version.toLowerCase() === wanted);
  if (match === undefined) throw errors.invalidApiVersion(given, resourceType, supported);
  return match;
}
