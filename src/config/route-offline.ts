// Where an offline app's callout becomes a ticket: the route for its access package, else for its
// catalog, else the tenant's default route (one with neither). No route: the callout is refused.
import type { Config, OfflineRoute } from './schema';

export function routeOffline(
  config: Config,
  tenantId: string,
  accessPackageId: string | undefined,
  catalogId: string | undefined,
): OfflineRoute | undefined {
  const routes = config.offlineApps.filter((r) => r.tenantId === tenantId.toLowerCase());
  const pkg = accessPackageId?.toLowerCase();
  const catalog = catalogId?.toLowerCase();
  return (
    (pkg ? routes.find((r) => r.accessPackageId === pkg) : undefined) ??
    (catalog ? routes.find((r) => !r.accessPackageId && r.catalogId === catalog) : undefined) ??
    routes.find((r) => !r.accessPackageId && !r.catalogId)
  );
}
