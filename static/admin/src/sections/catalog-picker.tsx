// The allow-list: packages or whole catalogs customers of this tenant may request, picked from the
// tenant's real catalogs read through Graph (listTenantCatalog). Ids already allowed but not found
// in the tenant stay visible so they can be removed.
import { useState } from 'react';
import type { Tenant } from '../../../../src/config/schema';
import { errorsUnder } from '../../../../src/config/field-errors';
import type { CatalogEntry } from '../../../../src/core/admin/list-tenant-catalog';
import { useAnnounce } from '../../../shared/ui/announcer';
import { Checkbox, FieldGroup } from '../../../shared/ui/fields';
import { api } from '../api';
import { savedTenant, useEditor } from '../editor';

export function CatalogPicker({ tenant, index }: { tenant: Tenant; index: number }) {
  const { saved, errors, update } = useEditor();
  const announce = useAnnounce();
  const [catalogs, setCatalogs] = useState<CatalogEntry[]>();
  const [problem, setProblem] = useState<string>();
  const [loading, setLoading] = useState(false);
  const p = `tenants.${index}.requestable`;
  const { accessPackageIds, catalogIds } = tenant.requestable;
  const canLoad = savedTenant(saved, tenant.tenantId) !== undefined;

  async function load() {
    setLoading(true);
    setProblem(undefined);
    const r = await api.call('listTenantCatalog', { tenantId: tenant.tenantId.trim() });
    setLoading(false);
    if (!r.ok) return setProblem(r.message);
    setCatalogs(r.value.catalogs);
    const packages = r.value.catalogs.reduce((n, c) => n + c.packages.length, 0);
    announce(
      `${r.value.catalogs.length} catalogs with ${packages} access packages loaded from ${tenant.displayName}.`,
    );
  }

  const toggle = (field: 'accessPackageIds' | 'catalogIds', id: string, on: boolean) => {
    const list = tenant.requestable[field];
    update(['tenants', index, 'requestable', field], on ? [...list, id] : list.filter((x) => x !== id));
  };
  const known = new Set(catalogs?.flatMap((c) => [c.id, ...c.packages.map((pk) => pk.id)]) ?? []);
  const unknown = catalogs
    ? [
        ...catalogIds.map((id) => ['catalogIds', id] as const),
        ...accessPackageIds.map((id) => ['accessPackageIds', id] as const),
      ].filter(([, id]) => !known.has(id))
    : [];

  return (
    <FieldGroup
      path={p}
      legend="Requestable access packages"
      errors={errorsUnder(errors, p)}
      hint="Only these can be requested: an app-only request skips the package's own approval, so this list is the safety rail."
    >
      <p>
        {accessPackageIds.length} package{accessPackageIds.length === 1 ? '' : 's'} and {catalogIds.length}{' '}
        whole catalog{catalogIds.length === 1 ? '' : 's'} allowed.
      </p>
      <div className="actions">
        <button
          type="button"
          className="button"
          disabled={!canLoad || loading}
          onClick={() => void load()}
          aria-describedby={canLoad ? undefined : `${p}-load-hint`}
        >
          {loading ? 'Loading…' : catalogs ? 'Reload catalogs' : 'Load catalogs from Entra'}
        </button>
        {canLoad ? null : (
          <span className="hint" id={`${p}-load-hint`}>
            Save the tenant first.
          </span>
        )}
      </div>
      {problem ? (
        <div className="message error" role="alert">
          {problem}
        </div>
      ) : null}
      {catalogs?.length === 0 ? <p>The app can read no catalog in this tenant.</p> : null}
      {catalogs?.map((c) => (
        <fieldset key={c.id} className="group">
          <legend>Catalog {c.displayName}</legend>
          <Checkbox
            id={`tenant-${index}-catalog-${c.id}`}
            label={<>Allow every package in {c.displayName}</>}
            checked={catalogIds.includes(c.id)}
            onChange={(on) => toggle('catalogIds', c.id, on)}
          />
          <div className="choices">
            {c.packages.map((pk) => (
              <Checkbox
                key={pk.id}
                id={`tenant-${index}-package-${pk.id}`}
                label={
                  <>
                    {pk.displayName}
                    {catalogIds.includes(c.id) ? (
                      <span className="subtle"> (allowed with its catalog)</span>
                    ) : null}
                  </>
                }
                checked={accessPackageIds.includes(pk.id)}
                onChange={(on) => toggle('accessPackageIds', pk.id, on)}
              />
            ))}
            {c.packages.length === 0 ? <p className="hint">No packages.</p> : null}
          </div>
        </fieldset>
      ))}
      {unknown.length > 0 ? (
        <fieldset className="group">
          <legend>Allowed, but not found in the tenant</legend>
          {unknown.map(([field, id]) => (
            <Checkbox
              key={id}
              id={`tenant-${index}-unknown-${id}`}
              label={<code>{id}</code>}
              checked
              onChange={() => toggle(field, id, false)}
            />
          ))}
        </fieldset>
      ) : null}
    </FieldGroup>
  );
}
