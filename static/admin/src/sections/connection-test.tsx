// Test connection for one saved tenant: each step with its outcome and, when it failed, what to fix.
import { useState } from 'react';
import type { Tenant } from '../../../../src/config/schema';
import type { ConnectionReport } from '../../../../src/core/admin/test-connection';
import { useAnnounce } from '../../../shared/ui/announcer';
import { api } from '../api';

const MARK = { ok: '✓', failed: '✗', skipped: '–' } as const;

export function ConnectionTest({ tenant, saved }: { tenant: Tenant; saved: boolean }) {
  const announce = useAnnounce();
  const [report, setReport] = useState<ConnectionReport>();
  const [problem, setProblem] = useState<string>();
  const [running, setRunning] = useState(false);
  const name = tenant.displayName || tenant.tenantId;

  async function run() {
    setRunning(true);
    setProblem(undefined);
    setReport(undefined);
    const r = await api.call('testConnection', { tenantId: tenant.tenantId.trim() });
    setRunning(false);
    if (!r.ok) {
      setProblem(r.message);
      return;
    }
    setReport(r.value);
    const failed = r.value.steps.find((s) => s.status === 'failed');
    announce(
      r.value.ok
        ? `Connection to ${name} works.`
        : `Connection to ${name} failed at "${failed?.title}". ${failed?.advice ?? ''}`,
    );
  }

  return (
    <div
      className="group"
      role="group"
      aria-label={`Test connection to ${name}`}
      data-testid="connection-test"
    >
      <div className="actions">
        <button type="button" className="button" onClick={() => void run()} disabled={!saved || running}>
          {running ? 'Testing…' : 'Test connection'}
        </button>
        {saved ? null : <span className="hint">Save the tenant first.</span>}
      </div>
      {problem ? (
        <div className="message error" role="alert">
          {problem}
        </div>
      ) : null}
      {report ? (
        <div data-testid="connection-report" data-ok={report.ok}>
          <p>
            <span className={`lozenge ${report.ok ? 'ok' : 'failed'}`}>
              {report.ok ? 'Connected' : 'Failed'}
            </span>{' '}
            checked {new Date(report.checkedAt).toLocaleTimeString()}
          </p>
          <ul className="steps">
            {report.steps.map((s) => (
              <li key={s.id} data-step={s.id} data-status={s.status}>
                <span aria-hidden="true">{MARK[s.status]} </span>
                <strong>{s.title}</strong>: <span className="visually-hidden">{s.status}. </span>
                {s.detail}
                {s.advice ? (
                  <p className="advice" data-problem={s.problem}>
                    <strong>To fix:</strong> {s.advice}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
