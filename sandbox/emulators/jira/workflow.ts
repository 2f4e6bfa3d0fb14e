// The one workflow every emulated issue follows, modelled on JSM's "Service request with
// approvals" (status and transition names as JSM uses them):
//
//   Waiting for support (new) --Send for approval--> Waiting for approval (new)
//   Waiting for approval --Approve--> In progress            --Decline--> Declined (done)
//   Waiting for support  --Start progress--> In progress
//   any open status      --Resolve this issue--> Resolved (done)   --Cancel request--> Canceled (done)
//   Waiting for support | In progress --Done--> Done (done)
//   any done status      --Reopen--> Waiting for support
//
// Request types created with `approval: true` start in "Waiting for approval".

export type StatusCategoryKey = 'new' | 'indeterminate' | 'done';

export interface EmulatedStatus {
  id: string;
  name: string;
  category: StatusCategoryKey;
}

export interface EmulatedTransition {
  id: string;
  name: string;
  from: readonly string[];
  to: string;
}

export const STATUS_CATEGORIES: Record<
  StatusCategoryKey,
  { id: number; key: StatusCategoryKey; colorName: string; name: string }
> = {
  new: { id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do' },
  indeterminate: { id: 4, key: 'indeterminate', colorName: 'yellow', name: 'In Progress' },
  done: { id: 3, key: 'done', colorName: 'green', name: 'Done' },
};

export const STATUSES: readonly EmulatedStatus[] = [
  { id: '10001', name: 'Waiting for support', category: 'new' },
  { id: '10002', name: 'Waiting for approval', category: 'new' },
  { id: '3', name: 'In progress', category: 'indeterminate' },
  { id: '10003', name: 'Resolved', category: 'done' },
  { id: '10004', name: 'Done', category: 'done' },
  { id: '10005', name: 'Declined', category: 'done' },
  { id: '10006', name: 'Canceled', category: 'done' },
];

const OPEN = ['10001', '10002', '3'];
const DONE = ['10003', '10004', '10005', '10006'];

export const TRANSITIONS: readonly EmulatedTransition[] = [
  { id: '11', name: 'Send for approval', from: ['10001'], to: '10002' },
  { id: '21', name: 'Approve', from: ['10002'], to: '3' },
  { id: '31', name: 'Decline', from: ['10002'], to: '10005' },
  { id: '41', name: 'Start progress', from: ['10001'], to: '3' },
  { id: '51', name: 'Resolve this issue', from: OPEN, to: '10003' },
  { id: '61', name: 'Done', from: ['10001', '3'], to: '10004' },
  { id: '71', name: 'Cancel request', from: OPEN, to: '10006' },
  { id: '81', name: 'Reopen', from: DONE, to: '10001' },
];

export const INITIAL_STATUS_ID = '10001';
export const APPROVAL_STATUS_ID = '10002';

export function statusById(id: string): EmulatedStatus {
  const status = STATUSES.find((s) => s.id === id);
  if (!status) throw new Error(`Unknown status id ${id}`);
  return status;
}

export function statusByName(name: string): EmulatedStatus | undefined {
  const lower = name.trim().toLowerCase();
  return STATUSES.find((s) => s.name.toLowerCase() === lower);
}

export function transitionsFrom(statusId: string): EmulatedTransition[] {
  return TRANSITIONS.filter((t) => t.from.includes(statusId));
}

/** The resolution Jira sets when an issue enters a done status. */
export function resolutionFor(statusId: string): { id: string; name: string } | null {
  switch (statusId) {
    case '10003':
    case '10004':
      return { id: '10000', name: 'Done' };
    case '10005':
      return { id: '10002', name: 'Declined' };
    case '10006':
      return { id: '10003', name: "Won't Do" };
    default:
      return null;
  }
}
