// Shared set-up for workflow tests: a sandbox world on a fake clock with the demo data, and
// helpers to raise requests as customers and read what the ticket ended with.
import { createFakeClock } from '../../../sandbox/adapters/fake-clock';
import { createWorld, type World } from '../../../sandbox/world';
import { seedDemo, type Demo, type DemoCustomer } from '../../../sandbox/demo-data';
import { loadTicketState } from '../../../src/core/access-request/ticket-state';

export interface TestWorld extends World {
  demo: Demo;
  raise(input: {
    customer: DemoCustomer;
    requestType?: 'grant' | 'remove' | 'approval';
    packageName?: string;
    justification?: string;
    endDate?: string;
    organizationIds?: string[];
    /** Issue properties set with the request (the portal picker's value). */
    properties?: Record<string, unknown>;
  }): Promise<{ id: string; key: string }>;
  outcome(issueKey: string): Promise<{
    phase?: string;
    failure?: string;
    status: string;
    publicComments: string[];
    internalComments: string[];
  }>;
}

export async function startWorld(options: { latencyMs?: number; dryRun?: boolean } = {}): Promise<TestWorld> {
  const world = await createWorld({
    clock: createFakeClock(),
    latencyMs: options.latencyMs,
    dryRun: options.dryRun,
  });
  const demo = await seedDemo(world);
  return {
    ...world,
    demo,
    async raise(input) {
      const fields: Record<string, unknown> = {};
      if (input.packageName !== undefined) fields[demo.fields.package] = input.packageName;
      if (input.justification !== undefined) fields[demo.fields.justification] = input.justification;
      if (input.endDate !== undefined) fields[demo.fields.endDate] = input.endDate;
      const issue = world.jira.createRequestAsCustomer({
        accountId: input.customer.accountId,
        serviceDeskId: demo.serviceDeskId,
        requestTypeId: demo.requestTypes[input.requestType ?? 'grant'],
        summary: `Access: ${input.packageName ?? ''}`,
        fields,
        organizationIds: input.organizationIds,
        properties: input.properties,
      });
      await world.settle();
      return issue;
    },
    async outcome(issueKey) {
      const issue = world.jira.issue(issueKey);
      const state = await loadTicketState(world.store, issue.id);
      const comments = world.jira.comments(issueKey);
      return {
        phase: state?.phase,
        failure: state?.failure?.code,
        status: issue.status,
        publicComments: comments.filter((c) => !c.internal).map((c) => c.text),
        internalComments: comments.filter((c) => c.internal).map((c) => c.text),
      };
    },
  };
}
