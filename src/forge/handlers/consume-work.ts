// Queue consumer (timeoutSeconds 900). The core re-queues "retry later" itself with a delay, so
// a Graph wait never holds the invocation; the deadline leaves room under the 900 s limit.
import type { AsyncEvent } from '@forge/events';
import { consumeJob } from '../../core/queue/consume-job';
import { createForgePorts } from '../ports';

/** Waits inside one invocation stop here; longer ones become a delayed re-queue. */
const INVOCATION_BUDGET_MS = 120_000;

export async function consumeWork(event: AsyncEvent): Promise<void> {
  await consumeJob(createForgePorts(), event.body, { deadline: Date.now() + INVOCATION_BUDGET_MS });
}
