// The sandbox's own promises: `npm run demo` ends every scripted ticket as expected, and
// `--dry-run` runs every check against the tenant but writes nothing to Entra.
import { describe, expect, it } from 'vitest';
import { runDemo } from '../../../sandbox/demo';
import { CONTOSO } from '../../../sandbox/demo-data';
import { startWorld } from './world-support';

describe('the sandbox', () => {
  it('npm run demo: every scripted ticket ends in its expected state', { timeout: 90_000 }, async () => {
    const rows = await runDemo();
    expect(rows.length).toBeGreaterThanOrEqual(15);
    expect(rows.filter((r) => r.outcome !== r.expected)).toEqual([]);
    expect(new Set(rows.map((r) => r.outcome))).toEqual(
      new Set([
        'delivered',
        'already-done',
        'removed',
        'waiting-for-approval',
        'failed:approval_declined',
        'failed:org_not_mapped',
        'failed:several_orgs',
        'failed:not_requestable',
        'failed:package_ambiguous',
        'failed:no_policy_fits',
        'failed:user_not_found',
        'failed:package_not_found',
      ]),
    );
  });

  it('--dry-run reports what it would submit and writes nothing', async () => {
    const world = await startWorld({ dryRun: true });
    try {
      const issue = await world.raise({
        customer: world.demo.customers.megan,
        packageName: "O'Brien's Team",
        endDate: '2027-03-31',
      });
      await world.runQueue();
      const outcome = await world.outcome(issue.key);
      expect(outcome.failure).toBe('dry_run');
      expect(outcome.internalComments[0]).toMatch(
        /Dry run: every check passed; the app would now submit adminAdd of package .* for user megan\.bowen@contoso\.onmicrosoft\.com .* ending 2027-03-31T23:59:59Z/,
      );
      expect(world.graphGlobal.tenant(CONTOSO).assignmentRequests()).toHaveLength(0);
      expect(Object.keys(world.graphGlobal.counters.byRoute).filter((r) => r.startsWith('POST'))).toEqual([]);
    } finally {
      await world.close();
    }
  });
});
