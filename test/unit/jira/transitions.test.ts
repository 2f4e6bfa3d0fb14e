import { describe, expect, it } from 'vitest';
import { findTransition } from '../../../src/jira/find-transition';
import { JiraTransitionNotFoundError } from '../../../src/jira/errors';

const transitions = [
  { id: '21', name: 'Approve' },
  { id: '51', name: 'Resolve this issue' },
  { id: '7', name: '51' }, // a name that looks like another transition's id
];

describe('findTransition', () => {
  it('matches an exact id first', () => {
    expect(findTransition(transitions, '51')?.name).toBe('Resolve this issue');
  });
  it('matches a name case-insensitively, ignoring surrounding spaces', () => {
    expect(findTransition(transitions, '  resolve THIS issue ')?.id).toBe('51');
    expect(findTransition(transitions, 'approve')?.id).toBe('21');
  });
  it('returns undefined when nothing matches, and does not match partial names', () => {
    expect(findTransition(transitions, 'Resolve')).toBeUndefined();
    expect(findTransition([], 'Approve')).toBeUndefined();
  });
  it('a missing transition error lists what the issue offers', () => {
    const error = new JiraTransitionNotFoundError('HELP-1', 'Close', transitions.slice(0, 2));
    expect(error.code).toBe('jira_transition_not_found');
    expect(error.message).toContain('"Approve" (21), "Resolve this issue" (51)');
    expect(error.available).toHaveLength(2);
  });
});
