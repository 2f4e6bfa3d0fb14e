// The packages a tenant's customers may request, with their descriptions: every package of the
// allowed catalogs plus the directly allowed ids (config/route-tenant.ts isRequestable). Read from
// Graph, then kept briefly in the store per tenant so typing in the picker searches a cached list
// instead of calling Graph per keystroke. The key names the tenant and a hash of its allow-list,
// never a user, and changes when an admin edits the allow-list.
import { createHash } from 'node:crypto';
import type { Tenant } from '../../config/schema';
import { isRequestable } from '../../config/route-tenant';
import {
  getAccessPackageWithPolicies,
  listAccessPackages,
  listCatalogs,
  GraphNotFoundError,
  type GraphClient,
} from '../../graph';
import type { Clock, Log, Store } from '../ports';

export interface PackageChoice {
  id: string;
  displayName: string;
  description?: string;
  /** Only when another requestable package has the same name: the catalog tells them apart. */
  catalogName?: string;
}

/** "Briefly": the admin's look-up cache setting, capped, so a new package shows up within minutes. */
export const MAX_LIST_CACHE_SECONDS = 300;
const DESCRIPTION_MAX = 500;
const CONCURRENCY = 6;

export function packageListKey(tenant: Tenant): string {
  const allowList = JSON.stringify([
    [...tenant.requestable.catalogIds].sort(),
    [...tenant.requestable.accessPackageIds].sort(),
  ]);
  const hash = createHash('sha256').update(allowList).digest('hex').slice(0, 16);
  return `cache:portal:${tenant.tenantId}:packages:${hash}`;
}

export async function requestablePackages(
  deps: { store: Store; log: Log; clock: Clock },
  graph: GraphClient,
  tenant: Tenant,
  cacheSeconds: number,
): Promise<PackageChoice[]> {
  const seconds = Math.min(Math.max(cacheSeconds, 0), MAX_LIST_CACHE_SECONDS);
  const key = packageListKey(tenant);
  if (seconds > 0) {
    const hit = await deps.store.get<{ packages: PackageChoice[] }>(key);
    if (hit) return hit.packages;
  }
  const packages = await loadFromGraph(graph, tenant);
  if (seconds > 0) {
    // A tenant with a very long list may exceed a KVS value's size: serve it uncached then.
    await deps.store.set(key, { packages }, { ttlSeconds: seconds }).catch((error: unknown) => {
      deps.log.event('warn', 'portal.package-cache-skipped', {
        tenantId: tenant.tenantId,
        count: packages.length,
        error: error instanceof Error ? error.name : 'error',
      });
    });
  }
  return packages;
}

async function loadFromGraph(graph: GraphClient, tenant: Tenant): Promise<PackageChoice[]> {
  const byId = new Map<string, PackageChoice & { catalogId?: string }>();
  const add = (p: { id: string; displayName: string; description?: string; catalogId?: string }) =>
    byId.set(p.id.toLowerCase(), {
      id: p.id.toLowerCase(),
      displayName: p.displayName,
      description: trim(p.description),
      catalogId: p.catalogId,
    });

  const lists = await Promise.all(
    tenant.requestable.catalogIds.map((catalogId) => listAccessPackages(graph, { catalogId })),
  );
  for (const list of lists) for (const p of list) if (isRequestable(tenant, p.id, p.catalogId)) add(p);

  const direct = tenant.requestable.accessPackageIds.filter((id) => !byId.has(id));
  await inBatches(direct, CONCURRENCY, async (id) => {
    try {
      add(await getAccessPackageWithPolicies(graph, id));
    } catch (error) {
      // Allowed but deleted in Entra: nothing to offer, and the admin page's check reports it.
      if (!(error instanceof GraphNotFoundError)) throw error;
    }
  });
  await nameCatalogsOfTwins(graph, [...byId.values()]);
  return [...byId.values()]
    .map(({ catalogId: _catalogId, ...choice }) => choice)
    .sort(
      (a, b) =>
        a.displayName.localeCompare(b.displayName) ||
        (a.catalogName ?? '').localeCompare(b.catalogName ?? '') ||
        a.id.localeCompare(b.id),
    );
}

/** Names repeat across catalogs (DESIGN.md): such twins get their catalog's name, read once. */
async function nameCatalogsOfTwins(
  graph: GraphClient,
  choices: (PackageChoice & { catalogId?: string })[],
): Promise<void> {
  const count = new Map<string, number>();
  for (const c of choices)
    count.set(c.displayName.toLowerCase(), (count.get(c.displayName.toLowerCase()) ?? 0) + 1);
  const twins = choices.filter((c) => (count.get(c.displayName.toLowerCase()) ?? 0) > 1);
  if (twins.length === 0) return;
  const names = new Map((await listCatalogs(graph)).map((c) => [c.id.toLowerCase(), c.displayName]));
  for (const twin of twins)
    twin.catalogName = twin.catalogId ? names.get(twin.catalogId.toLowerCase()) : undefined;
}

function trim(text: string | undefined): string | undefined {
  const t = text?.trim();
  if (!t) return undefined;
  return t.length > DESCRIPTION_MAX ? `${t.slice(0, DESCRIPTION_MAX - 1)}…` : t;
}

export async function inBatches<T>(
  items: readonly T[],
  size: number,
  run: (item: T) => Promise<void>,
): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
}
