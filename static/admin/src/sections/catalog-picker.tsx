// The allow-list: packages or whole catalogs customers of this tenant may request, picked from the
// tenant's real catalogs read through Graph (listTenantCatalog). Ids already allowed but not found
// in the tenant stay visible so they can be removed. Each allowed package or catalog carries its
// approval marks: "needs JSM approval" and "JSM approval stands in for Entra approval".
import { useState } from 'react';
import type { RequestableItem, Tenant } from '../../../../src/config/schema';
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
  const { accessPackageIds, catalogIds, items } = tenant.requestable;
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
  const mark = (id: string, item: RequestableItem) => {
    const next = { ...items };
    if (item.jsmApproval || item.jsmApprovalStandsInForEntra) next[id] = item;
    else delete next[id];
    update(['tenants', index, 'requestable', 'items'], next);
  };
  const marks = (id: string, name: string, inherited?: RequestableItem) => (
    <ItemMarks
      idPrefix={`tenant-${index}-marks-${id}`}
      name={name}
      item={items[id]}
      inherited={inherited}
      onChange={(item) => mark(id, item)}
    />
  );
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
      hint="Only these can be requested: an app-only request skips the package's own approval, so this list is the safety rail. A package that needs JSM approval waits for a final approve in JSM whatever request type carries it; a package whose Entra policy requires approval is assigned directly only when marked that JSM approval stands in for it."
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
          {catalogIds.includes(c.id) ? marks(c.id, `every package in ${c.displayName}`) : null}
          <div className="choices">
            {c.packages.map((pk) => (
              <div key={pk.id}>
                <Checkbox
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
                {accessPackageIds.includes(pk.id) || catalogIds.includes(c.id)
                  ? marks(pk.id, pk.displayName, catalogIds.includes(c.id) ? items[c.id] : undefined)
                  : null}
              </div>
            ))}
            {c.packages.length === 0 ? <p className="hint">No packages.</p> : null}
          </div>
        </fieldset>
      ))}
      {!catalogs && Object.keys(items).length > 0 ? (
        <fieldset className="group">
          <legend>Approval marks</legend>
          <p className="hint">Load the catalogs to see the names.</p>
          {Object.keys(items).map((id) => (
            <div key={id}>{marks(id, id)}</div>
          ))}
        </fieldset>
      ) : null}
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

/**
 * The approval marks of one package or catalog. An app-only assignment skips the Entra policy's
 * approval stages, so "stands in" is offered only where JSM approval is required.
 */
function ItemMarks(props: {
  idPrefix: string;
  name: string;
  item: RequestableItem | undefined;
  /** The catalog's marks, which apply to its packages too. */
  inherited?: RequestableItem;
  onChange(item: RequestableItem): void;
}) {
  const item = props.item ?? { jsmApproval: false, jsmApprovalStandsInForEntra: false };
  const fromCatalog = props.inherited?.jsmApproval === true;
  return (
    <div className="marks" role="group" aria-label={`Approval for ${props.name}`}>
      <Checkbox
        id={`${props.idPrefix}-jsm`}
        label={
          <>
            Needs JSM approval
            {fromCatalog ? <span className="subtle"> (its catalog needs it)</span> : null}
          </>
        }
        checked={item.jsmApproval}
        onChange={(on) =>
          props.onChange({
            jsmApproval: on,
            jsmApprovalStandsInForEntra: on && item.jsmApprovalStandsInForEntra,
          })
        }
      />
      <Checkbox
        id={`${props.idPrefix}-stands-in`}
        label="JSM approval stands in for Entra approval"
        checked={item.jsmApprovalStandsInForEntra}
        disabled={!item.jsmApproval}
        onChange={(on) => props.onChange({ ...item, jsmApprovalStandsInForEntra: on })}
      />
    </div>
  );
}
