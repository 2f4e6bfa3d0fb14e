// A tenant's email domains: customers whose Atlassian account email is in one of them belong to
// this tenant when the site will not say which JSM organization they are in (issue 10). Typed in,
// or imported from the tenant's verified domains (importDomains: Graph GET /domains).
import { useState } from 'react';
import type { Tenant } from '../../../../src/config/schema';
import { errorsAt, errorsUnder } from '../../../../src/config/field-errors';
import type { ImportedDomains } from '../../../../src/core/admin/import-domains';
import { useAnnounce } from '../../../shared/ui/announcer';
import { FieldGroup, TextField } from '../../../shared/ui/fields';
import { api } from '../api';
import { savedTenant, useEditor } from '../editor';

export function TenantDomains({ tenant, index }: { tenant: Tenant; index: number }) {
  const { draft, saved, errors, update } = useEditor();
  const announce = useAnnounce();
  const [typed, setTyped] = useState('');
  const [imported, setImported] = useState<ImportedDomains>();
  const [problem, setProblem] = useState<string>();
  const [loading, setLoading] = useState(false);
  const p = `tenants.${index}.domains`;
  const domains = tenant.domains ?? [];
  const canImport = savedTenant(saved, tenant.tenantId) !== undefined;
  const name = tenant.displayName || 'this tenant';
  const owner = (domain: string) =>
    draft.tenants.find((t, j) => j !== index && (t.domains ?? []).includes(domain));

  const add = (list: string[]) => {
    const fresh = list.map((d) => d.trim().toLowerCase()).filter((d) => d && !domains.includes(d));
    if (fresh.length > 0) update(['tenants', index, 'domains'], [...domains, ...fresh]);
    return fresh;
  };
  const remove = (domain: string) =>
    update(
      ['tenants', index, 'domains'],
      domains.filter((d) => d !== domain),
    );

  async function importVerified() {
    setLoading(true);
    setProblem(undefined);
    const r = await api.call('importDomains', { tenantId: tenant.tenantId.trim() });
    setLoading(false);
    if (!r.ok) return setProblem(r.message);
    setImported(r.value);
    const added = add(r.value.domains);
    announce(
      added.length
        ? `Added ${added.length} verified domain${added.length === 1 ? '' : 's'} of ${name}: ${added.join(', ')}. Save to keep them.`
        : `No new verified domain found in ${name}.`,
    );
  }

  return (
    <FieldGroup
      path={p}
      legend="Email domains of this tenant"
      errors={errorsAt(errors, p)}
      hint="When the site cannot tell which organization a customer is in, the domain of their email decides. Add only domains this customer owns; a domain can belong to one tenant only."
    >
      {domains.length === 0 ? <p className="hint">No domains yet.</p> : null}
      <ul className="steps" data-testid={`tenant-${index}-domains`}>
        {domains.map((domain, i) => {
          const other = owner(domain);
          const problems = errorsUnder(errors, `${p}.${i}`);
          return (
            <li key={domain}>
              <span className="mono">{domain}</span>
              {other ? (
                <span className="subtle"> (also on {other.displayName || other.tenantId})</span>
              ) : null}{' '}
              <button
                type="button"
                className="button subtle"
                onClick={() => remove(domain)}
                aria-label={`Remove domain ${domain} from ${name}`}
              >
                Remove
              </button>
              {problems.map((e) => (
                <div key={e.message} className="message error">
                  {e.message}
                </div>
              ))}
            </li>
          );
        })}
      </ul>
      <div className="row">
        <TextField
          path={`${p}.new`}
          label="Add a domain"
          value={typed}
          onChange={setTyped}
          placeholder="contoso.com"
          spellCheck={false}
          onEnter={() => {
            add([typed]);
            setTyped('');
          }}
        />
        <div className="field">
          <button
            type="button"
            className="button"
            disabled={!typed.trim()}
            onClick={() => {
              add([typed]);
              setTyped('');
            }}
          >
            Add domain
          </button>
        </div>
      </div>
      <div className="actions">
        <button
          type="button"
          className="button"
          disabled={!canImport || loading}
          onClick={() => void importVerified()}
          aria-describedby={canImport ? undefined : `${p}-import-hint`}
        >
          {loading ? 'Importing…' : 'Import verified domains from Entra'}
        </button>
        {canImport ? null : (
          <span className="hint" id={`${p}-import-hint`}>
            Save the tenant first.
          </span>
        )}
      </div>
      {problem ? (
        <div className="message error" role="alert">
          {problem}
        </div>
      ) : null}
      {imported && (imported.takenByOtherTenants.length > 0 || imported.unverified.length > 0) ? (
        <p className="hint" data-testid={`tenant-${index}-domains-skipped`}>
          Not imported:{' '}
          {[
            ...imported.takenByOtherTenants.map((t) => `${t.domain} (mapped to ${t.tenantName})`),
            ...imported.unverified.map((d) => `${d} (not verified in Entra)`),
          ].join(', ')}
          .
        </p>
      ) : null}
    </FieldGroup>
  );
}
