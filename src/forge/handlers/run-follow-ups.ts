// Hourly schedule: re-queues any follow-up chain that was lost, so no ticket waits forever.
import { runFollowUps as coreRunFollowUps } from '../../core/access-request/sweep-follow-ups';
import { createForgePorts } from '../ports';

export async function runFollowUps(): Promise<void> {
  await coreRunFollowUps(createForgePorts());
}
