// The words for each phase the workflow records (src/core/access-request/ticket-state.ts), for
// customers, and the order of the steps the panel shows.
import type { CustomerRequestView } from '../../../src/core/portal/operations';

export type Phase = CustomerRequestView['phase'];

export interface Step {
  key: 'received' | 'waiting-for-approval' | 'submitted' | 'done';
  label: string;
}

export function stepsFor(view: CustomerRequestView): Step[] {
  const doneLabel =
    view.phase === 'failed'
      ? 'Not completed'
      : view.action === 'remove'
        ? 'Removed'
        : view.phase === 'already-done'
          ? 'Nothing to do'
          : 'Delivered';
  return [
    { key: 'received', label: 'Received' },
    ...(view.approval ? [{ key: 'waiting-for-approval' as const, label: 'Approved' }] : []),
    { key: 'submitted', label: 'Submitted to Entra' },
    { key: 'done', label: doneLabel },
  ];
}

export type StepState = 'done' | 'current' | 'failed' | 'skipped' | 'todo';

/**
 * Each step's state: steps before the current one are done only if they happened (a request that
 * failed before Entra was asked shows "Submitted to Entra" as skipped, not done).
 */
export function stepStates(view: CustomerRequestView, steps: Step[]): StepState[] {
  const currentIndex = steps.findIndex((s) => s.key === stepOf(view.phase));
  return steps.map((step, i) => {
    if (i === currentIndex) return view.phase === 'failed' ? 'failed' : view.terminal ? 'done' : 'current';
    if (i > currentIndex) return 'todo';
    if (step.key === 'submitted' && view.terminal && !view.submittedAt) return 'skipped';
    return 'done';
  });
}

export const stepOf = (phase: Phase): Step['key'] =>
  phase === 'received' || phase === 'waiting-for-approval' || phase === 'submitted' ? phase : 'done';

export const PHASE_LABEL: Record<Phase, string> = {
  received: 'Received',
  'waiting-for-approval': 'Waiting for approval',
  submitted: 'Submitted to Entra',
  delivered: 'Delivered',
  removed: 'Removed',
  'already-done': 'Nothing to do',
  failed: 'Failed',
};

export const lozengeClass = (phase: Phase): string =>
  phase === 'failed'
    ? 'failed'
    : phase === 'delivered' || phase === 'removed' || phase === 'already-done'
      ? 'ok'
      : phase === 'waiting-for-approval'
        ? 'warn'
        : '';

/** One or two sentences: where the request stands, and what happens next. */
export function explain(view: CustomerRequestView, endDate: string | undefined): string {
  const name = view.packageName ? `'${view.packageName}'` : 'the access you asked for';
  const removing = view.action === 'remove';
  switch (view.phase) {
    case 'received':
      return removing
        ? 'We have your request and will ask for the removal shortly.'
        : 'We have your request and will ask for your access shortly.';
    case 'waiting-for-approval':
      return `This request needs approval first. We will ask for access to ${name} as soon as it is approved.`;
    case 'submitted':
      return removing
        ? `We have asked Microsoft Entra ID to remove your access to ${name}. This usually takes a few minutes.`
        : `We have asked Microsoft Entra ID for your access to ${name}. This usually takes a few minutes.`;
    case 'delivered':
      return endDate
        ? `You have access to ${name} until ${endDate}.`
        : `You have access to ${name}. It has no end date.`;
    case 'removed':
      return `Your access to ${name} has been removed.`;
    case 'already-done':
      return (
        view.message ??
        (endDate
          ? `You already have access to ${name} until ${endDate}, so there was nothing to request.`
          : `There was nothing to do for ${name}.`)
      );
    case 'failed':
      return view.message ?? 'We could not complete this request.';
  }
}
