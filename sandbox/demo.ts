// `npm run demo`: a scripted set of tickets through the real workflow against the emulators,
// headless, on a fast-forward clock. Prints one row per ticket and exits non-zero if any ticket
// ends in a state other than the one expected.
import { performance } from 'node:perf_hooks';
import { createFakeClock } from './adapters/fake-clock';
import { createWorld, type World } from './world';
import { seedDemo, type Demo, type DemoCustomer } from './demo-data';
import { loadTicketState } from '../src/core/access-request/ticket-state';
import { routeTenant } from '../src/config/route-tenant';

interface Scenario {
  who: keyof Demo['customers'];
  type: 'grant' | 'remove' | 'approval';
  pkg?: string;
  /** What people do after the first run: the approver answers JSM's approval; an agent (or a
   * rule) moves the request to "In progress" afterwards, which must change nothing. */
  then?: 'approve' | 'decline-then-move';
  expect: string;
  shareWith?: keyof Demo['orgs'];
}

const SCENARIOS: Scenario[] = [
  { who: 'adele', type: 'grant', pkg: 'Sales & Marketing', expect: 'delivered' },
  { who: 'megan', type: 'grant', pkg: "O'Brien's Team", expect: 'delivered' },
  { who: 'guest', type: 'grant', pkg: 'R+D Lab', expect: 'delivered' },
  { who: 'dollar', type: 'grant', pkg: 'Ventes – Équipe', expect: 'delivered' },
  { who: 'ines', type: 'grant', pkg: 'R+D Lab', expect: 'delivered' },
  { who: 'holder', type: 'grant', pkg: 'Sales & Marketing', expect: 'already-done' },
  { who: 'holder', type: 'remove', pkg: 'Sales & Marketing', expect: 'removed' },
  { who: 'megan', type: 'approval', pkg: 'Finance #1', then: 'approve', expect: 'delivered' },
  // Finance #1 is marked "needs JSM approval" on the allow-list: it waits on any request type.
  { who: 'guest', type: 'grant', pkg: 'Finance #1', expect: 'waiting-for-approval' },
  {
    who: 'dollar',
    type: 'approval',
    pkg: 'Finance #1',
    then: 'decline-then-move',
    expect: 'failed:approval_declined',
  },
  { who: 'adele', type: 'grant', pkg: 'Sales & Marketing', expect: 'already-done' },
  { who: 'nora', type: 'grant', pkg: 'Sales & Marketing', expect: 'failed:org_not_mapped' },
  { who: 'both', type: 'grant', pkg: 'Sales & Marketing', expect: 'failed:several_orgs' },
  { who: 'both', type: 'grant', pkg: 'Sales & Marketing', shareWith: 'contoso', expect: 'delivered' },
  { who: 'adele', type: 'grant', pkg: 'Payroll Admin', expect: 'failed:not_requestable' },
  { who: 'adele', type: 'grant', pkg: 'Shared Drive', expect: 'failed:package_ambiguous' },
  { who: 'adele', type: 'grant', pkg: 'Members Only', expect: 'failed:no_policy_fits' },
  { who: 'ghost', type: 'grant', pkg: 'Sales & Marketing', expect: 'failed:user_not_found' },
  { who: 'adele', type: 'grant', pkg: 'Sales and Marketing', expect: 'failed:package_not_found' },
];

export interface DemoRow {
  ticket: string;
  route: string;
  package: string;
  outcome: string;
  expected: string;
  graphCalls: number;
  ms: number;
}

const graphCalls = (world: World) => world.graphGlobal.counters.total + world.graphCustom.counters.total;

async function runScenario(world: World, demo: Demo, s: Scenario): Promise<DemoRow> {
  const customer: DemoCustomer = demo.customers[s.who];
  const fields: Record<string, unknown> = s.pkg ? { [demo.fields.package]: s.pkg } : {};
  const callsBefore = graphCalls(world);
  const started = performance.now();
  const issue = world.jira.createRequestAsCustomer({
    accountId: customer.accountId,
    serviceDeskId: demo.serviceDeskId,
    requestTypeId: demo.requestTypes[s.type],
    summary: `${s.type}: ${s.pkg ?? ''}`,
    fields,
    organizationIds: s.shareWith ? [demo.orgs[s.shareWith]] : undefined,
  });
  await world.settle();
  await world.runQueue();
  if (s.then) {
    // The approver answers a little after the app showed what the request grants.
    await world.clock.sleep(60_000);
    if (s.then === 'approve') world.jira.approve(issue.key, demo.approver);
    else world.jira.decline(issue.key, demo.approver);
    await world.settle();
    await world.runQueue();
    if (s.then === 'decline-then-move') {
      world.jira.transition(issue.key, 'Reopen');
      world.jira.setStatus(issue.key, 'In progress');
      await world.settle();
      await world.runQueue();
    }
  }
  const state = await loadTicketState(world.store, issue.id);
  const outcome = state
    ? state.phase === 'failed'
      ? `failed:${state.failure?.code}`
      : state.phase
    : 'no state';
  const orgs = world.jira.issue(issue.key).organizationIds;
  const memberOf = Object.entries(demo.orgs).filter(([, id]) => customerOrgs(demo, s.who).includes(id));
  const routed = routeTenant(demo.config, {
    memberOf: memberOf.map(([name, id]) => ({ id, name })),
    membershipKnown: true,
    sharedWith: orgs.map((id) => ({ id })),
  });
  const orgNames = memberOf.map(([name]) => name[0]!.toUpperCase() + name.slice(1)).join('+') || '-';
  return {
    ticket: issue.key,
    route: `${orgNames} → ${routed.ok ? routed.tenant.displayName : '(none)'}`,
    package: s.pkg ?? '-',
    outcome,
    expected: s.expect,
    graphCalls: graphCalls(world) - callsBefore,
    ms: Math.round(performance.now() - started),
  };
}

function customerOrgs(demo: Demo, who: keyof Demo['customers']): string[] {
  const o = demo.orgs;
  const map: Record<string, string[]> = {
    nora: [o.northwind],
    ines: [o.fabrikam],
    both: [o.contoso, o.fabrikam],
  };
  return map[who] ?? [o.contoso];
}

export function formatTable(rows: DemoRow[]): string {
  const header = ['ticket', 'organization → tenant', 'package', 'outcome', 'Graph calls', 'ms'];
  const body = rows.map((r) => [
    r.ticket,
    r.route,
    r.package,
    r.outcome === r.expected ? r.outcome : `${r.outcome} (expected ${r.expected})`,
    String(r.graphCalls),
    String(r.ms),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

export async function runDemo(): Promise<DemoRow[]> {
  const world = await createWorld({ clock: createFakeClock() });
  try {
    const demo = await seedDemo(world);
    const rows: DemoRow[] = [];
    for (const scenario of SCENARIOS) rows.push(await runScenario(world, demo, scenario));
    return rows;
  } finally {
    await world.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await runDemo();
  console.log(formatTable(rows));
  const unexpected = rows.filter((r) => r.outcome !== r.expected);
  console.log(`\n${rows.length - unexpected.length} passed, ${unexpected.length} failed`);
  process.exitCode = unexpected.length === 0 ? 0 : 1;
}
