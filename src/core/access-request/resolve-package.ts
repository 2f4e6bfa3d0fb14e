// Step 3-4: the requested package, with its policies, within what the tenant allows. Look-ups are
// cached per tenant for `lookupCacheSeconds` (package and policies change rarely; a stale policy is
// caught by Entra itself on submit). Names are hashed for keys: KVS keys allow few characters.
import { createHash } from 'node:crypto';
import type { Tenant } from '../../config/schema';
import { isRequestable } from '../../config/route-tenant';
import type { Store } from '../ports';
import {
  getAccessPackageWithPolicies,
  listAccessPackages,
  GraphNotFoundError,
  type AccessPackage,
  type AccessPackageWithPolicies,
  type GraphClient,
} from '../../graph';
import type { PackageRef } from './read-request';
import { fail } from './failures';
import { settleAll } from '../settle-all';
import { quoteCustomerText as quote } from './quote-customer-text';

const NOT_REQUESTABLE = (name: string) => ({
  customer: `${quote(name)} is not something we can request for your organization. Please pick a package from the list, or ask us if you think it should be there.`,
});

export async function resolvePackage(
  deps: { store: Store; graph: GraphClient },
  tenant: Tenant,
  ref: PackageRef,
  cacheSeconds: number,
): Promise<AccessPackageWithPolicies> {
  if (ref.kind === 'id') {
    // Ids outside the direct allow-list may still be allowed through their catalog: fetch to know.
    const pkg = await packageById(deps, tenant, ref.id, cacheSeconds);
    if (!pkg || !isRequestable(tenant, pkg.id, pkg.catalogId)) {
      fail('not_requestable', {
        ...NOT_REQUESTABLE(pkg?.displayName ?? ref.id),
        agent: `Access package ${ref.id} is not on the allow-list of tenant ${tenant.displayName} (${tenant.tenantId})${pkg ? '' : ', or does not exist there'}. Add it (or its catalog) on the admin page if customers may request it.`,
      });
    }
    return pkg;
  }

  const candidates = await packagesByName(deps, tenant, ref.name, cacheSeconds);
  const allowed = candidates.filter((p) => isRequestable(tenant, p.id, p.catalogId));
  if (allowed.length === 0) {
    if (candidates.length > 0) {
      fail('not_requestable', {
        ...NOT_REQUESTABLE(ref.name),
        agent: `"${ref.name}" exists in tenant ${tenant.displayName} (${candidates.map((c) => c.id).join(', ')}) but is not on its allow-list. Add it on the admin page if customers may request it.`,
      });
    }
    fail('package_not_found', {
      customer: `We could not find an access package called ${quote(ref.name)}. Please check the name, or pick one from the list.`,
      agent: `No access package named "${ref.name}" in tenant ${tenant.displayName} (${tenant.tenantId}). Check the spelling with the customer, or whether the package was renamed.`,
    });
  }
  if (allowed.length > 1) {
    fail('package_ambiguous', {
      customer: `More than one access package is called ${quote(ref.name)}. We will confirm which one you need.`,
      agent: `Several requestable packages are named "${ref.name}": ${allowed.map((p) => `${p.id} (catalog ${p.catalogId ?? 'unknown'})`).join(', ')}. Set the package id in the request's package field, or rename one of them.`,
    });
  }
  const chosen = await packageById(deps, tenant, allowed[0]!.id, cacheSeconds);
  if (!chosen) {
    fail('package_not_found', {
      customer: `We could not find an access package called ${quote(ref.name)}.`,
      agent: `Package ${allowed[0]!.id} was listed but could not be read; it may have just been deleted.`,
    });
  }
  return chosen;
}

async function packageById(
  deps: { store: Store; graph: GraphClient },
  tenant: Tenant,
  id: string,
  cacheSeconds: number,
): Promise<AccessPackageWithPolicies | undefined> {
  const key = `cache:${tenant.tenantId}:package:${id.toLowerCase()}`;
  return cached(deps.store, key, cacheSeconds, async () => {
    try {
      return await getAccessPackageWithPolicies(deps.graph, id);
    } catch (error) {
      if (error instanceof GraphNotFoundError) return undefined;
      throw error;
    }
  });
}

async function packagesByName(
  deps: { store: Store; graph: GraphClient },
  tenant: Tenant,
  name: string,
  cacheSeconds: number,
): Promise<{ id: string; displayName: string; catalogId?: string }[]> {
  const hash = createHash('sha256').update(name.toLowerCase()).digest('hex').slice(0, 32);
  const key = `cache:${tenant.tenantId}:package-name:${hash}`;
  const found = await cached(deps.store, key, cacheSeconds, async () => {
    // Within the allowed catalogs, plus a tenant-wide search: it finds directly allowed packages,
    // and tells agents "exists but not allowed" apart from "does not exist".
    const searches: Promise<AccessPackage[]>[] = tenant.requestable.catalogIds.map((catalogId) =>
      listAccessPackages(deps.graph, { displayName: name, catalogId }).then((list) =>
        list.map((p) => ({ ...p, catalogId: p.catalogId ?? catalogId })),
      ),
    );
    searches.push(listAccessPackages(deps.graph, { displayName: name }));
    const byId = new Map<string, { id: string; displayName: string; catalogId?: string }>();
    for (const list of await settleAll(searches)) {
      for (const p of list)
        byId.set(p.id, {
          id: p.id,
          displayName: p.displayName,
          catalogId: p.catalogId ?? byId.get(p.id)?.catalogId,
        });
    }
    return [...byId.values()];
  });
  return found ?? [];
}

async function cached<T>(store: Store, key: string, seconds: number, load: () => Promise<T>): Promise<T> {
  if (seconds > 0) {
    const hit = await store.get<{ value: T }>(key);
    if (hit) return hit.value;
  }
  const value = await load();
  if (seconds > 0) await store.set(key, { value: value ?? null }, { ttlSeconds: seconds });
  return value;
}
