// Where the request stands, as the workflow records it: a step list (received, approved,
// submitted to Entra, delivered or not), one plain sentence, and for a failure what to do next.
// Asked again while the panel is open (poll.ts), paused while the tab is hidden, stopped once the
// request is final. A change of phase is announced to screen readers. Agents also see the
// technical details (tenant, ids, Entra request and state, failure code).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AgentRequestView, RequestStatusAnswer } from '../../../src/core/portal/operations';
import { CopyButton } from '../../shared/ui/copy-button';
import { useAnnounce } from '../../shared/ui/announcer';
import { api } from './api';
import type { PanelSettings } from './App';
import { formatDate } from './format';
import { PHASE_LABEL, explain, lozengeClass, stepStates, stepsFor } from './phases';
import { nextDelay, timingFromLocation } from './poll';

const STATE_TEXT = {
  done: ' (done)',
  current: ' (in progress)',
  failed: ' (not completed)',
  skipped: ' (skipped)',
  todo: ' (to come)',
} as const;

export function StatusPanel({ settings, agent }: { settings: PanelSettings; agent: boolean }) {
  const announce = useAnnounce();
  const [answer, setAnswer] = useState<RequestStatusAnswer | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [checkedAt, setCheckedAt] = useState<string | null>(null);
  const check = useRef<() => void>(() => undefined);

  useEffect(() => {
    const timing = timingFromLocation(window.location.search);
    let delay = timing.base;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inFlight = false;
    let finished = false;
    let stopped = false;
    let last = '';
    let lastPhase = '';

    const schedule = () => {
      if (stopped || finished || document.hidden) return;
      timer = setTimeout(() => void tick(), delay);
    };
    async function tick() {
      if (inFlight || stopped) return;
      clearTimeout(timer);
      timer = undefined;
      inFlight = true;
      const response = await api.call('requestStatus', {});
      inFlight = false;
      if (stopped) return;
      setCheckedAt(new Date().toISOString());
      if (!response.ok) {
        setProblem(response.message);
        if (response.code === 'forbidden' || response.code === 'invalid_input') finished = true;
        delay = nextDelay(delay, 'error', timing);
        return schedule();
      }
      setProblem(null);
      const value = response.value;
      const signature = JSON.stringify(value);
      const changed = signature !== last;
      last = signature;
      setAnswer(value);
      if (value.status === 'ok' && value.view.phase !== lastPhase) {
        if (lastPhase) announce(`Request status: ${PHASE_LABEL[value.view.phase]}.`);
        lastPhase = value.view.phase;
      }
      // Final, or nothing to follow: stop asking.
      finished = value.status !== 'ok' ? value.status !== 'unavailable' : value.view.terminal;
      delay = nextDelay(delay, changed ? 'changed' : 'same', timing);
      schedule();
    }
    const onVisibility = () => {
      if (!document.hidden && !finished && timer === undefined) void tick();
    };
    check.current = () => {
      finished = false;
      void tick();
    };
    document.addEventListener('visibilitychange', onVisibility);
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [announce]);

  const refresh = useCallback(() => check.current(), []);

  if (!answer && !problem)
    return (
      <p className="subtle" aria-busy="true">
        Loading the request status…
      </p>
    );
  if (!answer || answer.status !== 'ok') {
    const text = answer ? answer.message : problem;
    if (answer?.status === 'not-an-access-request' && !agent) return null;
    return (
      <div
        className={`message ${answer?.status === 'unavailable' || !answer ? 'error' : 'info'}`}
        role="status"
        data-testid="status-explanation"
      >
        {text}
      </div>
    );
  }

  const view = answer.view;
  const endDate = formatDate(view.endDateTime, settings);
  const steps = stepsFor(view);
  const states = stepStates(view, steps);
  return (
    <section
      className="status"
      aria-labelledby="status-title"
      data-testid="status-panel"
      data-phase={view.phase}
    >
      <h2 id="status-title" className="status-title">
        {view.packageName ?? (view.action === 'remove' ? 'Access removal' : 'Access request')}{' '}
        <span className={`lozenge ${lozengeClass(view.phase)}`} data-testid="phase">
          {PHASE_LABEL[view.phase]}
        </span>
      </h2>
      <ol className="tracker" aria-label="Progress">
        {steps.map((step, i) => {
          const state = states[i];
          const current =
            state === 'current' || state === 'failed' || (view.terminal && i === steps.length - 1);
          return (
            <li
              key={step.key}
              className={`tracker-step ${state}`}
              aria-current={current ? 'step' : undefined}
            >
              <span className="tracker-dot" aria-hidden="true" />
              <span>{step.label}</span>
              <span className="visually-hidden">{STATE_TEXT[state ?? 'todo']}</span>
            </li>
          );
        })}
      </ol>
      <p data-testid="status-text">{explain(view, endDate)}</p>
      {view.note && !view.terminal ? <p className="subtle">{view.note}</p> : null}
      {view.phase === 'failed' ? (
        <div className="message error" data-testid="next-steps">
          <strong>What to do next</strong>
          <p>
            Reply on this request if anything above is unclear, or raise a new request once it is fixed. The
            service desk can see the details.
          </p>
        </div>
      ) : null}
      <p className="hint">
        {view.terminal ? 'This request is complete.' : 'This panel updates by itself.'}{' '}
        {checkedAt ? `Last checked ${formatDate(checkedAt, settings, true)}.` : null}{' '}
        <button type="button" className="button subtle" onClick={refresh}>
          Check now
        </button>
      </p>
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      {agent ? <AgentDetails view={view as AgentRequestView} settings={settings} /> : null}
    </section>
  );
}

function AgentDetails({ view, settings }: { view: AgentRequestView; settings: PanelSettings }) {
  const rows: [string, string | undefined, boolean?][] = [
    ['Tenant', view.tenantName ? `${view.tenantName} (${view.tenantId})` : view.tenantId],
    ['Access package', view.packageName],
    ['Access package id', view.accessPackageId, true],
    ['Policy', view.policyName],
    ['Policy id', view.policyId, true],
    ['Entra user', view.userPrincipalName ? `${view.userPrincipalName} (${view.userId})` : view.userId],
    ['Shown to approvers', formatDate(view.approvalShownAt, settings, true)],
    ['Approved in JSM', formatDate(view.approvedAt, settings, true)],
    ['Entra request id', view.entraRequestId, true],
    ['Entra state', view.entraState],
    ['Failure code', view.failureCode],
    ['Received', formatDate(view.receivedAt, settings, true)],
    ['Submitted', formatDate(view.submittedAt, settings, true)],
    ['Completed', formatDate(view.completedAt, settings, true)],
    ['Checks made', view.followUps === undefined ? undefined : String(view.followUps)],
    ['Next check', view.terminal ? undefined : formatDate(view.nextCheckAt, settings, true)],
    ['Retries', view.retries ? String(view.retries) : undefined],
  ];
  const shown = rows.filter(([, value]) => value);
  return (
    <details className="card" open data-testid="agent-details">
      <summary>Technical details</summary>
      <div className="card-body">
        {view.phase === 'waiting-for-approval' && view.accessPackageId ? (
          <p data-testid="approval-summary">
            Approving grants <strong>{view.packageName}</strong> to {view.userPrincipalName} in{' '}
            {view.tenantName}
            {view.policyName ? <> (policy {view.policyName})</> : null}. If the request changes, the approval
            no longer counts.
          </p>
        ) : null}
        {shown.length === 0 ? (
          <p className="subtle">The workflow has not recorded anything yet.</p>
        ) : (
          <dl className="facts">
            {shown.map(([label, value, copy]) => (
              <div key={label} className="fact">
                <dt>{label}</dt>
                <dd>
                  <span className="mono">{value}</span>{' '}
                  {copy && value ? <CopyButton text={value} label={label} /> : null}
                </dd>
              </div>
            ))}
          </dl>
        )}
      </div>
    </details>
  );
}
