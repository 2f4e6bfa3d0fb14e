// Daily schedule: offline tickets close to Entra's callback timeout get a higher priority.
import { checkOfflineTimeouts as coreCheckOfflineTimeouts } from '../../core/offline/check-offline-timeouts';
import { createForgePorts } from '../ports';

export async function checkOfflineTimeouts(): Promise<void> {
  await coreCheckOfflineTimeouts(createForgePorts());
}
