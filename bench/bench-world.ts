// The sandbox world as the benchmarks use it: the emulators with the emulated latency on every
// Graph, Jira and Entra login call, and a recorder on the app's Http and Jira ports.
import type { Clock } from '../src/core/ports';
import { KNOWN_CLOUDS } from '../src/graph/clouds';
import { createWorld, type World } from '../sandbox/world';
import { createRecorder, type Recorder } from './recorder';

export interface BenchWorld {
  world: World;
  recorder: Recorder;
  /** Origins whose calls are Entra login calls (for the naive chain's fetch too). */
  loginOrigins: string[];
  latencyMs: number;
  close(): Promise<void>;
}

export async function startBenchWorld(options: {
  latencyMs: number;
  clock?: Clock;
  recordJira?: boolean;
}): Promise<BenchWorld> {
  const world = await createWorld({ clock: options.clock, latencyMs: options.latencyMs });
  const recorder = createRecorder();
  const loginOrigins = [new URL(KNOWN_CLOUDS.global.loginBaseUrl).origin, new URL(world.login.url).origin];
  // The triggers and the queue consumer read `world.ports` at each call: wrapping here covers both.
  world.ports.http = recorder.wrapHttp(world.ports.http, { loginOrigins, loginLatencyMs: options.latencyMs });
  if (options.recordJira !== false) world.ports.jira = recorder.wrapJira(world.ports.jira);
  return { world, recorder, loginOrigins, latencyMs: options.latencyMs, close: () => world.close() };
}
