// Issue 11, finding 5, at the level of the store: saves of one ticket from jobs that read it at
// different times. Each save names the revision it was derived from; revision n+1 is created once
// (FAIL_IF_EXISTS), so no save is lost silently and none moves the ticket back.
import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../../sandbox/adapters/fake-clock';
import { createMemoryStore } from '../../sandbox/adapters/memory-store';
import type { Jira } from '../../src/core/ports';
import {
  loadTicketState,
  saveTicketState,
  ticketKey,
  ticketRevisionKey,
  type TicketState,
} from '../../src/core/access-request/ticket-state';

function setup() {
  const clock = createFakeClock();
  const store = createMemoryStore({ clock });
  const mirrored: unknown[] = [];
  // The issue-property mirror: a Jira port that accepts every PUT and keeps the last value.
  const jira: Jira = {
    async request(_method, _path, body) {
      mirrored.push(body);
      return { status: 200, body: undefined, headers: {} };
    },
  };
  return { store, deps: { store, jira }, mirrored };
}

const received: TicketState = {
  version: 1,
  issueId: '10001',
  issueKey: 'HELP-1',
  action: 'grant',
  requestTypeId: '7',
  phase: 'received',
  receivedAt: 1,
  followUps: 0,
  retries: 0,
  updatedAt: 1,
};

describe('saving a ticket read before another job saved it', () => {
  it('never writes an earlier phase over a later one, and hands back the later one', async () => {
    const { store, deps, mirrored } = setup();
    const stale = received; // read before anything was saved
    const submitted = await saveTicketState(deps, { ...received, phase: 'submitted', entraRequestId: 'r-1' });
    expect(submitted).toMatchObject({ written: true, state: { phase: 'submitted', revision: 1 } });

    const late = await saveTicketState(deps, { ...stale, phase: 'waiting-for-approval' });
    expect(late.written).toBe(false);
    expect(late.state).toMatchObject({ phase: 'submitted', entraRequestId: 'r-1', revision: 1 });
    expect(await loadTicketState(store, '10001')).toMatchObject({ phase: 'submitted', revision: 1 });
    expect(mirrored.at(-1)).toMatchObject({ phase: 'submitted' });
  });

  it('puts a later phase on top of an earlier one saved meanwhile, keeping what that one learned', async () => {
    const { store, deps } = setup();
    const stale = received;
    await saveTicketState(deps, { ...received, phase: 'waiting-for-approval', tenantName: 'Contoso' });
    const ended = await saveTicketState(deps, { ...stale, phase: 'failed', entraRequestId: 'r-9' });
    expect(ended).toMatchObject({
      written: true,
      state: { phase: 'failed', revision: 2, tenantName: 'Contoso' },
    });
    expect(await loadTicketState(store, '10001')).toMatchObject({ phase: 'failed', entraRequestId: 'r-9' });
  });

  it('lets exactly one of two saves of the same phase from the same read through', async () => {
    const { deps } = setup();
    const base = (await saveTicketState(deps, { ...received, phase: 'submitted' })).state;
    const [a, b] = await Promise.all([
      saveTicketState(deps, { ...base, followUps: 1 }),
      saveTicketState(deps, { ...base, followUps: 1 }),
    ]);
    expect([a.written, b.written].sort()).toEqual([false, true]);
    expect(a.state.revision).toBe(2);
    expect(b.state.revision).toBe(2);
  });

  it('never replaces one ending with another', async () => {
    const { store, deps } = setup();
    const base = (await saveTicketState(deps, { ...received, phase: 'submitted' })).state;
    await saveTicketState(deps, { ...base, phase: 'delivered' });
    const other = await saveTicketState(deps, { ...base, phase: 'failed' });
    expect(other).toMatchObject({ written: false, state: { phase: 'delivered' } });
    expect((await loadTicketState(store, '10001'))?.phase).toBe('delivered');
  });

  it('finds a revision whose copy to the head was lost (a job stopped in between), and repairs the head', async () => {
    const { store, deps } = setup();
    const base = (await saveTicketState(deps, { ...received, phase: 'waiting-for-approval' })).state;
    // The revision was created, the job stopped before copying it to ticket:<id>.
    await store.setIfAbsent(ticketRevisionKey('10001', 2), { ...base, phase: 'submitted', revision: 2 });
    expect((await store.get<TicketState>(ticketKey('10001')))?.phase).toBe('waiting-for-approval');

    expect(await loadTicketState(store, '10001')).toMatchObject({ phase: 'submitted', revision: 2 });
    expect(await store.get<TicketState>(ticketKey('10001'))).toMatchObject({
      phase: 'submitted',
      revision: 2,
    });
    // And a save from the older read still cannot go back.
    expect((await saveTicketState(deps, { ...base, phase: 'waiting-for-approval' })).written).toBe(false);
  });
});
