// The ports on Forge: one set per invocation (no tenant data in module globals).
import type { Ports } from '../core/ports';
import { systemClock } from '../core/ports';
import { createKvsStore } from './adapters/kvs-store';
import { createForgeHttp } from './adapters/forge-http';
import { createForgeJira } from './adapters/forge-jira';
import { createForgeQueue } from './adapters/forge-queue';
import { createConsoleLog } from './adapters/console-log';

export function createForgePorts(): Ports {
  return {
    jira: createForgeJira(),
    store: createKvsStore(),
    http: createForgeHttp(),
    queue: createForgeQueue(),
    clock: systemClock,
    log: createConsoleLog(),
  };
}
