// A liveness probe for scripts and test harnesses waiting for the emulator to come up. It asks
// for a token like every other path, so a probe that succeeds also proves the caller's token.

import type { RouteModule } from "../http/router.js";

export function healthRoutes(info: () => object): RouteModule {
  return (router) => {
    router.route(
      "/_emulator/health",
      { GET: async () => ({ status: "ok", ...info() }) },
      { apiVersions: null, resourceType: "emulator" },
    );
  };
}
