// Real-time queue delivery for `npm start`: every tick, deliver the jobs that are due (a job
// pushed with a delay waits its turn, as on Forge). One drain at a time.
import type { World } from './world';

export function startPump(world: World, tickMs = 250): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    world
      .runQueue({ untilMs: world.clock.now() })
      .catch((error: unknown) => console.error('queue pump:', error))
      .finally(() => {
        running = false;
      });
  }, tickMs);
  return { stop: () => clearInterval(timer) };
}
