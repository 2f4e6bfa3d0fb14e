// The audit trail: the latest events, filterable by kind, outcome, tenant and text.
import { useCallback, useEffect, useState } from 'react';
import type { AuditEntry } from '../../../../src/core/audit';
import { useAnnounce } from '../../../shared/ui/announcer';
import { SelectField, TextField } from '../../../shared/ui/fields';
import { api } from '../api';
import { useEditor } from '../editor';

interface Filter {
  kind: string;
  outcome: string;
  tenantId: string;
  text: string;
}

const OUTCOME_CLASS: Record<AuditEntry['outcome'], string> = {
  ok: 'ok',
  refused: 'refused',
  failed: 'failed',
  ignored: '',
  duplicate: '',
};

/** A rolled-up entry's span and its calls by reason, for the tooltip. */
function rolledUpTitle(e: AuditEntry): string {
  const from = e.firstAt ? new Date(e.firstAt).toLocaleTimeString() : '';
  const reasons = Object.entries(e.reasons ?? {})
    .map(([reason, n]) => `${reason}: ${n}`)
    .join('\n');
  return `From ${from} to ${new Date(e.at).toLocaleTimeString()}\n${reasons}`;
}

export function AuditTrail() {
  const { saved } = useEditor();
  const announce = useAnnounce();
  const [filter, setFilter] = useState<Filter>({ kind: '', outcome: '', tenantId: '', text: '' });
  const [entries, setEntries] = useState<AuditEntry[]>();
  const [problem, setProblem] = useState<string>();
  const tenantName = (id?: string) =>
    id ? (saved.tenants.find((t) => t.tenantId === id)?.displayName ?? id) : '';

  const load = useCallback(
    async (f: Filter, say = false) => {
      const r = await api.call('listAudit', {
        limit: 100,
        filter: {
          kind: (f.kind || undefined) as AuditEntry['kind'] | undefined,
          outcome: (f.outcome || undefined) as AuditEntry['outcome'] | undefined,
          tenantId: f.tenantId || undefined,
          text: f.text || undefined,
        },
      });
      if (!r.ok) return setProblem(r.message);
      setProblem(undefined);
      setEntries(r.value);
      if (say) announce(`${r.value.length} audit entr${r.value.length === 1 ? 'y' : 'ies'} shown.`);
    },
    [announce],
  );
  useEffect(() => void load({ kind: '', outcome: '', tenantId: '', text: '' }), [load]);
  const set = (field: keyof Filter) => (value: string) => setFilter((f) => ({ ...f, [field]: value }));

  return (
    <section id="audit" className="section" aria-labelledby="audit-h">
      <h2 id="audit-h">Audit trail</h2>
      <form
        role="search"
        aria-label="Filter the audit trail"
        onSubmit={(e) => {
          e.preventDefault();
          void load(filter, true);
        }}
      >
        <div className="grid">
          <SelectField
            path="audit.kind"
            label="Kind"
            value={filter.kind}
            onChange={set('kind')}
            placeholder="Any"
            choices={[
              { value: 'ticket', label: 'Ticket' },
              { value: 'callout', label: 'Callout' },
              { value: 'admin', label: 'Admin' },
            ]}
          />
          <SelectField
            path="audit.outcome"
            label="Outcome"
            value={filter.outcome}
            onChange={set('outcome')}
            placeholder="Any"
            choices={['ok', 'refused', 'failed', 'ignored', 'duplicate'].map((o) => ({ value: o, label: o }))}
          />
          <SelectField
            path="audit.tenantId"
            label="Tenant"
            value={filter.tenantId}
            onChange={set('tenantId')}
            placeholder="Any"
            choices={saved.tenants.map((t) => ({ value: t.tenantId, label: t.displayName }))}
          />
          <TextField
            path="audit.text"
            label="Text"
            value={filter.text}
            onChange={set('text')}
            hint="In the ticket or callout, the action or the details."
          />
        </div>
        <div className="actions">
          <button type="submit" className="button">
            Show entries
          </button>
        </div>
      </form>
      {problem ? (
        <div className="message error" role="alert">
          {problem}
        </div>
      ) : null}
      {entries ? (
        <table data-testid="audit-table">
          <caption>
            {entries.length} latest entr{entries.length === 1 ? 'y' : 'ies'}, newest first
          </caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Ticket or callout</th>
              <th scope="col">Tenant</th>
              <th scope="col">Action</th>
              <th scope="col">Outcome</th>
              <th scope="col">Duration</th>
            </tr>
          </thead>
          <tbody>
            {entries.length === 0 ? (
              <tr>
                <td colSpan={6}>No entries match.</td>
              </tr>
            ) : null}
            {entries.map((e, i) => (
              <tr key={`${e.at}-${i}`}>
                <td>
                  <time dateTime={e.at}>{new Date(e.at).toLocaleString()}</time>
                </td>
                <td className="mono" title={e.detail}>
                  {e.ref}
                </td>
                <td>{tenantName(e.tenantId)}</td>
                <td>
                  {e.action}
                  {/* Refused web-trigger calls are counted, one entry per tenant and hour. */}
                  {e.count !== undefined ? (
                    <span className="lozenge" data-testid="audit-count" title={rolledUpTitle(e)}>
                      {e.count} call{e.count === 1 ? '' : 's'} this hour
                    </span>
                  ) : null}
                  {e.detail ? <div className="hint">{e.detail.slice(0, 160)}</div> : null}
                </td>
                <td>
                  <span className={`lozenge ${OUTCOME_CLASS[e.outcome]}`}>{e.outcome}</span>
                </td>
                <td>{e.durationMs === undefined ? '' : `${e.durationMs} ms`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p role="status">Loading the audit trail…</p>
      )}
    </section>
  );
}
