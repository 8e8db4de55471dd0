// Every built-in scenario, in the order `names()` lists them.

import type { ScenarioDefinition } from "../scenarioSchema.js";
import { CLUSTER_SCENARIOS } from "./cluster.js";
import { FAILOVER_SCENARIOS } from "./failover.js";
import { RECOVERY_PLAN_SCENARIOS } from "./recoveryPlan.js";
import { REPLICATION_SCENARIOS } from "./replication.js";
import { SETUP_SCENARIOS } from "./setup.js";
import { VAULT_JOB_SCENARIOS } from "./vaultJobs.js";

export const BUILT_IN_SCENARIOS: readonly ScenarioDefinition[] = [
  ...REPLICATION_SCENARIOS,
  ...FAILOVER_SCENARIOS,
  ...RECOVERY_PLAN_SCENARIOS,
  ...CLUSTER_SCENARIOS,
  ...SETUP_SCENARIOS,
  ...VAULT_JOB_SCENARIOS,
];
