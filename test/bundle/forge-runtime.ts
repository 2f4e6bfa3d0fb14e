// A stand-in for the Forge Node runtime at the one boundary the @forge packages reach it through,
// so the bundle `forge deploy` ships (build/forge/index.cjs) runs unchanged against the emulators.
// What each package calls, read from its published code in node_modules:
// - @forge/api 8.3.0 (out/api/fetch.js): `requestJira` and `asApp().requestJira` call
//   `global.__forge_fetch__({ type: 'fpp', provider, remote: 'jira' }, path, init)` and throw on a
//   `forge-proxy-error` response header; `__requestAtlassianAsApp` is the same with remote
//   'stargate'. Its `fetch` wraps the global `fetch` as it is when @forge/api is loaded (the
//   runtime installs its egress-checking fetch before loading the app).
// - @forge/kvs 1.6.5 (out/index.js, out/storage-api.js): every call is a POST of JSON through
//   `global.__forge_fetch__({ type: 'kvs', provider: 'app', remote: 'kvs' }, '/api/v1/<op>', init)`;
//   a missing key is an error body with code KEY_NOT_FOUND.
// - @forge/events 3.0.8 (out/queue.js, out/queries.js, out/validators.js): `Queue.push` POSTs
//   `{ queueName, jobId, payload: [{ body, delayInSeconds }] }` through __requestAtlassianAsApp to
//   /webhook/queue/publish/{contextAri}/{environmentId}/{appId}/{appVersion}; 201 is success.
// - `global.__forge_runtime__` carries the invocation's context and metrics (@forge/api
//   out/api/runtime.js); only webTrigger and getAppContext read it, so a small one is enough.
// Anything else that reaches __forge_fetch__ throws, so a new platform call cannot pass unseen.
import { createRequire } from 'node:module';
import type { QueueJob } from '../../src/core/ports';
import type { MemoryQueue } from '../../sandbox/adapters/memory-queue';
import type { MemoryStore } from '../../sandbox/adapters/memory-store';

export interface ForgeCall {
  type: string;
  remote?: string;
  path: string;
}

export interface ForgeRuntimeOptions {
  /** Base URL of the Jira emulator: requestJira goes there. */
  jiraUrl: string;
  /** Backs @forge/kvs. */
  store: MemoryStore;
  /** Receives Queue.push events for `queueKey`. */
  queue: MemoryQueue;
  /** The consumer's `queue:` in manifest.yml. */
  queueKey: string;
  /** Hosts the app may fetch (manifest permissions.external.fetch.backend) -> emulator base URL. */
  egress: Record<string, string | undefined>;
}

export interface ForgeRuntime {
  /** Every call that crossed __forge_fetch__, in order. */
  calls: ForgeCall[];
  /** Egress fetches, by URL as the app asked for them. */
  egressCalls: string[];
  /** Loads a bundle with the runtime in place, as Forge loads index.cjs. */
  load(file: string): Record<string, unknown>;
  /** Removes the globals again. */
  uninstall(): void;
}

type ForgeFetch = (
  descriptor: Record<string, unknown>,
  path: string,
  init?: RequestInit,
) => Promise<Response>;
type Globals = typeof globalThis & {
  __forge_fetch__?: ForgeFetch;
  __forge_runtime__?: unknown;
};

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** Forge KVS errors are `{ code, message }` bodies (@forge/kvs out/utils/error-handling.js). */
const kvsError = (status: number, code: string, message: string) => json(status, { code, message });

interface KvsBody {
  key?: string;
  value?: unknown;
  options?: { keyPolicy?: string; ttl?: { value: number; unit: string } };
  limit?: number;
  after?: string;
  where?: { property: string; condition: string; values: unknown[] }[];
}

const TTL_SECONDS: Record<string, number> = { SECONDS: 1, MINUTES: 60, HOURS: 3600, DAYS: 86_400 };

/** The KVS REST calls @forge/kvs makes, answered from the sandbox's memory store. */
async function kvs(store: MemoryStore, path: string, init: RequestInit | undefined): Promise<Response> {
  const body = JSON.parse(String(init?.body ?? '{}')) as KvsBody;
  const key = body.key ?? '';
  const ttl = body.options?.ttl;
  const ttlSeconds = ttl ? ttl.value * (TTL_SECONDS[ttl.unit] ?? NaN) : undefined;
  const found = (value: unknown) =>
    value === undefined ? kvsError(404, 'KEY_NOT_FOUND', `No value for ${key}`) : json(200, { key, value });
  try {
    switch (path) {
      case '/api/v1/get':
        return found(await store.get(key));
      case '/api/v1/secret/get':
        return found(await store.getSecret(key));
      case '/api/v1/set':
        if (body.options?.keyPolicy === 'FAIL_IF_EXISTS') {
          const written = await store.setIfAbsent(key, body.value, { ttlSeconds });
          // The conflict's wire shape is not documented: @forge/kvs turns any such body into
          // ForgeKvsAPIError, which src/forge/adapters/kvs-store.ts reads by code or status 409.
          return written
            ? new Response(null, { status: 204 })
            : kvsError(409, 'KEY_CONFLICT', `${key} exists`);
        }
        await store.set(key, body.value, { ttlSeconds });
        return new Response(null, { status: 204 });
      case '/api/v1/secret/set':
        await store.setSecret(key, body.value);
        return new Response(null, { status: 204 });
      case '/api/v1/delete':
        await store.delete(key);
        return new Response(null, { status: 204 });
      case '/api/v1/secret/delete':
        await store.deleteSecret(key);
        return new Response(null, { status: 204 });
      case '/api/v1/query': {
        const where = body.where ?? [];
        const prefix = where.find((w) => w.property === 'key' && w.condition === 'BEGINS_WITH')?.values[0];
        if (where.length > (prefix === undefined ? 0 : 1)) {
          return kvsError(400, 'UNSUPPORTED', 'the stand-in answers key BEGINS_WITH queries only');
        }
        const page = await store.query(typeof prefix === 'string' ? prefix : '', {
          limit: body.limit,
          cursor: body.after,
        });
        return json(200, { data: page.results, ...(page.nextCursor ? { cursor: page.nextCursor } : {}) });
      }
      default:
        return kvsError(400, 'UNSUPPORTED', `the stand-in has no ${path}`);
    }
  } catch (error) {
    // The memory store enforces KVS's documented key and value limits.
    return kvsError(400, 'BAD_REQUEST', error instanceof Error ? error.message : String(error));
  }
}

const PUBLISH = /^\/webhook\/queue\/publish\/\{contextAri\}\/\{environmentId\}\/\{appId\}\/\{appVersion\}$/;

export function installForgeRuntime(options: ForgeRuntimeOptions): ForgeRuntime {
  const g = globalThis as Globals;
  const nodeFetch = globalThis.fetch;
  const calls: ForgeCall[] = [];
  const egressCalls: string[] = [];
  const jiraBase = options.jiraUrl.replace(/\/+$/, '');

  const forgeFetch: ForgeFetch = async (descriptor, path, init) => {
    const type = String(descriptor.type);
    const remote = descriptor.remote === undefined ? undefined : String(descriptor.remote);
    calls.push({ type, remote, path });
    if (type === 'kvs') return kvs(options.store, path, init);
    if (type === 'fpp' && descriptor.provider === 'app' && remote === 'jira') {
      return nodeFetch(`${jiraBase}${path}`, init);
    }
    if (type === 'fpp' && descriptor.provider === 'app' && remote === 'stargate' && PUBLISH.test(path)) {
      const push = JSON.parse(String(init?.body)) as {
        queueName: string;
        payload: { body: QueueJob; delayInSeconds?: number }[];
      };
      if (push.queueName !== options.queueKey) {
        return json(400, { message: `no consumer for queue ${push.queueName}` });
      }
      for (const event of push.payload) {
        await options.queue.push([event.body], { delaySeconds: event.delayInSeconds });
      }
      return new Response(null, { status: 201 });
    }
    throw new Error(`The Forge runtime stand-in does not answer ${type} ${remote ?? ''} ${path}`);
  };

  /**
   * The runtime's fetch for the app: only the manifest's egress hosts, here routed to emulators.
   * What Forge's proxy answers for an undeclared host is not documented on
   * https://developer.atlassian.com/platform/forge/runtime-api-reference/fetch-api/ ; throwing
   * makes such a call fail the test loudly whatever the real answer is.
   */
  const egressFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    egressCalls.push(url.href);
    if (!(url.origin in options.egress)) {
      throw new Error(`${url.origin} is not in manifest.yml permissions.external.fetch.backend`);
    }
    const target = options.egress[url.origin];
    if (!target) throw new Error(`No emulator serves ${url.origin} in this test`);
    return nodeFetch(`${target.replace(/\/+$/, '')}${url.pathname}${url.search}`, init);
  };

  g.__forge_fetch__ = forgeFetch;
  g.__forge_runtime__ = {
    appContext: {
      appId: 'ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000000',
      environmentId: 'test',
      environmentType: 'DEVELOPMENT',
      appVersion: '1.0.0',
    },
    contextAri: 'ari:cloud:jira::site/00000000-0000-0000-0000-000000000000',
    lambdaContext: { getRemainingTimeInMillis: () => 900_000 },
    metrics: {
      counter: () => ({ incr: () => undefined }),
      timing: () => ({ measure: () => ({ stop: () => undefined }) }),
    },
  };

  return {
    calls,
    egressCalls,
    load(file) {
      // @forge/api captures the global fetch when it loads: the egress fetch only for that moment,
      // so the test's own HTTP (emulators, seeding) keeps Node's fetch.
      globalThis.fetch = egressFetch as typeof fetch;
      try {
        return createRequire(import.meta.url)(file) as Record<string, unknown>;
      } finally {
        globalThis.fetch = nodeFetch;
      }
    },
    uninstall() {
      delete g.__forge_fetch__;
      delete g.__forge_runtime__;
    },
  };
}
