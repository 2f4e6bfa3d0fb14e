import { describe, expect, it } from 'vitest';
import { decideApproval } from '../../../src/core/access-request/decide-approval';

const SHOWN = 1_000_000;
const ada = { accountId: 'a', displayName: 'Ada', decision: 'approved' };
const bo = { accountId: 'b', displayName: 'Bo', decision: 'declined' };
const approved = (completedAt?: number) => ({ finalDecision: 'approved', completedAt, approvers: [ada] });
const declined = (completedAt?: number) => ({ finalDecision: 'declined', completedAt, approvers: [bo] });
const pending = { finalDecision: 'pending', completedAt: undefined, approvers: [] };

describe('decideApproval', () => {
  it.each([
    ['no approval yet', [], { kind: 'pending', none: true }],
    ['one pending', [pending], { kind: 'pending', none: false }],
    [
      'approved after showing',
      [approved(SHOWN + 1)],
      { kind: 'approved', at: SHOWN + 1, approvers: ['Ada'] },
    ],
    ['approved at the very instant of showing', [approved(SHOWN)], { kind: 'too-early', at: SHOWN }],
    ['approved before showing', [approved(SHOWN - 5)], { kind: 'too-early', at: SHOWN - 5 }],
    ['approved without a completion date', [approved(undefined)], { kind: 'too-early', at: 0 }],
    ['declined', [declined(SHOWN + 1)], { kind: 'declined', by: ['Bo'] }],
    ['declined before showing still declines', [declined(SHOWN - 1)], { kind: 'declined', by: ['Bo'] }],
    [
      'one approved, one declined',
      [approved(SHOWN + 1), declined(SHOWN + 2)],
      { kind: 'declined', by: ['Bo'] },
    ],
    ['one approved, one pending', [approved(SHOWN + 1), pending], { kind: 'pending', none: false }],
    [
      'an undocumented decision is not an approval',
      [{ finalDecision: 'escalated', completedAt: SHOWN + 1, approvers: [] }],
      { kind: 'pending', none: false },
    ],
    [
      'two approvals, both after showing',
      [approved(SHOWN + 1), approved(SHOWN + 9)],
      { kind: 'approved', at: SHOWN + 9, approvers: ['Ada', 'Ada'] },
    ],
  ] as const)('%s', (_name, approvals, verdict) => {
    expect(decideApproval(approvals as never, SHOWN)).toEqual(verdict);
  });
});
