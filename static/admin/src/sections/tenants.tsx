// Tenants: one card per customer tenant with its cloud, credential, JSM organizations, allow-list,
// relay identity, the URL its relay calls, and a connection test.
import { useEffect, useRef, useState } from 'react';
import type { Tenant } from '../../../../src/config/schema';
import { errorsAt, errorsUnder } from '../../../../src/config/field-errors';
import { fieldId, focusPath } from '../../../shared/paths';
import { CopyButton } from '../../../shared/ui/copy-button';
import { Checkbox, FieldGroup, SelectField, TextField } from '../../../shared/ui/fields';
import { optional, savedTenant, useEditor } from '../editor';
import { CatalogPicker } from './catalog-picker';
import { ConnectionTest } from './connection-test';
import { TenantDomains } from './tenant-domains';

const CLOUDS = [
  { value: 'global', label: 'Global (graph.microsoft.com)' },
  { value: 'usgov', label: 'US Government L4 (graph.microsoft.us)' },
  { value: 'usgovdod', label: 'US Government L5 DoD (dod-graph.microsoft.us)' },
  { value: 'china', label: 'China, 21Vianet (microsoftgraph.chinacloudapi.cn)' },
  { value: 'custom', label: 'Custom endpoints' },
];

/** Said where the cloud is picked on Forge; the server refuses a custom cloud there too. */
const CUSTOM_CLOUD_HINT =
  'Custom endpoints are for the sandbox and tests: on Forge the app may call only the Microsoft hosts its manifest declares.';

/** On Forge, `custom` is offered only to a tenant that already has it, and marked so. */
const cloudChoices = (onForge: boolean | undefined, current: string) =>
  !onForge
    ? CLOUDS
    : CLOUDS.filter((c) => c.value !== 'custom' || current === 'custom').map((c) =>
        c.value === 'custom' ? { ...c, label: 'Custom endpoints (not available on Forge)' } : c,
      );

export const relayUrlOf = (webTriggerUrl: string, tenantId: string): string => {
  const url = new URL(webTriggerUrl);
  url.searchParams.set('tenant', tenantId);
  return url.toString();
};

function Organizations({ tenant, index }: { tenant: Tenant; index: number }) {
  const { draft, errors, update, lookups } = useEditor();
  const p = `tenants.${index}.organizations`;
  const owner = (orgId: string) =>
    draft.tenants.find((t, j) => j !== index && t.organizations.some((o) => o.id === orgId));
  const site = lookups.organizations ?? [];
  const missing = tenant.organizations.filter((o) => !site.some((s) => s.id === o.id));
  const toggle = (org: { id: string; name: string }, on: boolean) =>
    update(
      ['tenants', index, 'organizations'],
      on
        ? [...tenant.organizations, { id: org.id, name: org.name }]
        : tenant.organizations.filter((o) => o.id !== org.id),
    );
  return (
    <FieldGroup
      path={p}
      legend="JSM organizations of this tenant"
      errors={errorsUnder(errors, p)}
      hint="Customers in these organizations belong to this tenant. An organization can belong to one tenant only."
    >
      {lookups.organizations === undefined ? <p className="hint">Loading the site's organizations…</p> : null}
      {site.length === 0 && lookups.organizations ? (
        <p className="hint">This site has no JSM organizations yet.</p>
      ) : null}
      <div className="choices">
        {[...site, ...missing].map((org) => {
          const other = owner(org.id);
          return (
            <Checkbox
              key={org.id}
              id={`tenant-${index}-org-${org.id}`}
              label={
                <>
                  {org.name || org.id}
                  {other ? (
                    <span className="subtle"> (mapped to {other.displayName || other.tenantId})</span>
                  ) : null}
                  {missing.includes(org) ? <span className="subtle"> (not found on this site)</span> : null}
                </>
              }
              checked={tenant.organizations.some((o) => o.id === org.id)}
              onChange={(on) => toggle(org, on)}
            />
          );
        })}
      </div>
    </FieldGroup>
  );
}

function Relay({ tenant, index }: { tenant: Tenant; index: number }) {
  const { errors, update } = useEditor();
  const p = `tenants.${index}.relay`;
  const relay = tenant.relay ?? { objectId: '', audience: '' };
  const set = (field: 'objectId' | 'appId' | 'audience', value: string) => {
    const next = { ...relay, [field]: field === 'appId' ? optional(value) : value };
    const empty = !next.objectId && !next.appId && !next.audience;
    update(['tenants', index, 'relay'], empty ? undefined : next);
  };
  return (
    <FieldGroup
      path={p}
      legend="Relay identity (offline apps)"
      errors={errorsAt(errors, p)}
      hint="The managed identity of the relay Logic App in this tenant: only its tokens may call the web trigger. Leave empty if this tenant has no offline apps."
    >
      <div className="grid">
        <TextField
          path={`${p}.objectId`}
          label="Object id"
          value={relay.objectId}
          onChange={(v) => set('objectId', v)}
          errors={errorsAt(errors, `${p}.objectId`)}
        />
        <TextField
          path={`${p}.appId`}
          label="Application id (optional)"
          value={relay.appId}
          onChange={(v) => set('appId', v)}
          errors={errorsAt(errors, `${p}.appId`)}
        />
        <TextField
          path={`${p}.audience`}
          label="Audience"
          value={relay.audience}
          onChange={(v) => set('audience', v)}
          errors={errorsAt(errors, `${p}.audience`)}
          hint="The App ID URI (api://…) or application id the relay asks its token for."
        />
      </div>
    </FieldGroup>
  );
}

function TenantCard({ tenant, index, open }: { tenant: Tenant; index: number; open: boolean }) {
  const { draft, saved, errors, update, webTriggerUrl, lookups } = useEditor();
  const p = `tenants.${index}`;
  const set = (field: keyof Tenant, value: unknown) => update(['tenants', index, field], value);
  const isSaved = savedTenant(saved, tenant.tenantId) !== undefined;
  const hasErrors = errorsUnder(errors, p).length > 0;
  // Opened for a new tenant or one with errors; never closed for the person who opened it.
  const details = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if ((open || hasErrors) && details.current) details.current.open = true;
  }, [open, hasErrors]);
  return (
    <details className="card" ref={details} data-testid={`tenant-${index}`}>
      <summary>
        {tenant.displayName || 'New tenant'} <span className="subtle mono">{tenant.tenantId}</span>
        {hasErrors ? <span className="lozenge failed"> needs fixing</span> : null}
      </summary>
      <div className="card-body">
        <div className="grid">
          <TextField
            path={`${p}.tenantId`}
            label="Tenant id"
            value={tenant.tenantId}
            onChange={(v) => set('tenantId', v)}
            errors={errorsAt(errors, `${p}.tenantId`)}
            hint="The directory (tenant) id, a GUID."
            required
          />
          <TextField
            path={`${p}.displayName`}
            label="Display name"
            value={tenant.displayName}
            onChange={(v) => set('displayName', v)}
            errors={errorsAt(errors, `${p}.displayName`)}
            required
          />
          <SelectField
            path={`${p}.cloud`}
            label="Cloud"
            value={tenant.cloud}
            onChange={(v) => set('cloud', v)}
            choices={cloudChoices(lookups.onForge, tenant.cloud)}
            errors={errorsAt(errors, `${p}.cloud`)}
            hint={lookups.onForge ? CUSTOM_CLOUD_HINT : undefined}
          />
          <SelectField
            path={`${p}.credentialId`}
            label="Credential"
            value={tenant.credentialId}
            onChange={(v) => set('credentialId', v)}
            choices={draft.credentials.map((c) => ({ value: c.id, label: `${c.displayName} (${c.id})` }))}
            placeholder="Pick a credential"
            errors={errorsAt(errors, `${p}.credentialId`)}
          />
        </div>
        {tenant.cloud === 'custom' || tenant.graphBaseUrl || tenant.loginBaseUrl ? (
          <div className="grid">
            <TextField
              path={`${p}.graphBaseUrl`}
              label="Graph URL"
              type="url"
              value={tenant.graphBaseUrl}
              onChange={(v) => set('graphBaseUrl', optional(v))}
              errors={errorsAt(errors, `${p}.graphBaseUrl`)}
              hint="https://…, or http:// to a loopback address for local tests."
            />
            <TextField
              path={`${p}.loginBaseUrl`}
              label="Login URL"
              type="url"
              value={tenant.loginBaseUrl}
              onChange={(v) => set('loginBaseUrl', optional(v))}
              errors={errorsAt(errors, `${p}.loginBaseUrl`)}
            />
          </div>
        ) : null}
        <Organizations tenant={tenant} index={index} />
        <TenantDomains tenant={tenant} index={index} />
        <CatalogPicker tenant={tenant} index={index} />
        <Relay tenant={tenant} index={index} />
        {webTriggerUrl && tenant.tenantId ? (
          <div className="row">
            <TextField
              path={`${p}.relayUrl`}
              label="URL this tenant's relay calls"
              value={relayUrlOf(webTriggerUrl, tenant.tenantId.trim())}
              onChange={() => undefined}
              readOnly
              className="code-input"
            />
            <div className="field">
              <CopyButton
                text={relayUrlOf(webTriggerUrl, tenant.tenantId.trim())}
                label={`relay URL of ${tenant.displayName || 'this tenant'}`}
                selectId={fieldId(`${p}.relayUrl`)}
              />
            </div>
          </div>
        ) : null}
        <ConnectionTest tenant={tenant} saved={isSaved} />
        <button
          type="button"
          className="button subtle"
          onClick={() =>
            update(
              ['tenants'],
              draft.tenants.filter((_, j) => j !== index),
            )
          }
        >
          Remove tenant {tenant.displayName}
        </button>
      </div>
    </details>
  );
}

export function Tenants() {
  const { draft, update } = useEditor();
  const [added, setAdded] = useState<number[]>([]);
  const add = () => {
    const index = draft.tenants.length;
    const tenant: Tenant = {
      tenantId: '',
      displayName: '',
      cloud: 'global',
      credentialId: draft.credentials[0]?.id ?? '',
      organizations: [],
      domains: [],
      requestable: { accessPackageIds: [], catalogIds: [], items: {} },
      policyByPackage: {},
    };
    update(['tenants', index], tenant);
    setAdded((a) => [...a, index]);
    setTimeout(() => focusPath(`tenants.${index}.tenantId`), 0);
  };
  return (
    <section id="tenants" className="section" aria-labelledby="tenants-h">
      <h2 id="tenants-h">Tenants</h2>
      <p className="subtle">One entry per customer's Entra tenant.</p>
      {draft.tenants.map((t, i) => (
        <TenantCard key={i} tenant={t} index={i} open={added.includes(i)} />
      ))}
      <button type="button" className="button" onClick={add}>
        Add tenant
      </button>
    </section>
  );
}
