// The per-tenant JWKS cache against the login emulator: one fetch serves many callouts and many
// invocations (through the store); unknown kids and outages cost at most one fetch per 5 minutes;
// a key set older than an hour is fetched again, so a dropped key stops verifying.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeProtectedHeader } from 'jose';
import { startEntraLogin, type EntraLogin } from '../../../sandbox/emulators/entra-login';
import { createNodeHttp } from '../../../sandbox/adapters/node-http';
import { createMemoryStore, type MemoryStore } from '../../../sandbox/adapters/memory-store';
import { createFakeClock, type FakeClock } from '../../../sandbox/adapters/fake-clock';
import type { Http } from '../../../src/core/ports';
import { resolveCloud, type Cloud } from '../../../src/graph/clouds';
import {
  createJwksCache,
  JwksUnavailableError,
  MAX_AGE_MS,
  REFETCH_AFTER_MS,
} from '../../../src/entra/jwks-cache';

const TENANT = '44444444-4444-4444-8444-444444444444';
let clock: FakeClock;
let login: EntraLogin;
let cloud: Cloud;
let store: MemoryStore;
let fetches: string[];
let failing: boolean;
let http: Http;

beforeAll(async () => {
  clock = createFakeClock();
  login = await startEntraLogin({ now: () => clock.now() });
  login.addTenant(TENANT);
  cloud = resolveCloud({ cloud: 'custom', graphBaseUrl: 'http://127.0.0.1:1', loginBaseUrl: login.url });
  const inner = createNodeHttp();
  http = {
    fetch(url, init) {
      fetches.push(url);
      if (failing) return Promise.reject(new TypeError('fetch failed'));
      return inner.fetch(url, init);
    },
  };
});
afterAll(() => login.close());
beforeEach(() => {
  store = createMemoryStore({ clock });
  fetches = [];
  failing = false;
});

const kidOf = async () => decodeProtectedHeader(await login.issueToken(TENANT, { aud: 'x' })).kid!;
const cache = () => createJwksCache({ http, store, clock });

describe('createJwksCache', () => {
  it("fetches the tenant's v2.0 keys once, on its own cloud's login host, for many lookups and invocations", async () => {
    const kid = await kidOf();
    const first = cache();
    expect(await first.key(TENANT, cloud, kid)).toBeDefined();
    for (let i = 0; i < 20; i++) expect(await first.key(TENANT, cloud, kid)).toBeDefined();
    // A new invocation (Forge: a new function instance) reads the store, not the network.
    expect(await cache().key(TENANT, cloud, kid)).toBeDefined();
    expect(fetches).toEqual([`${login.url}/${TENANT}/discovery/v2.0/keys`]);
  });

  it('shares one fetch between concurrent lookups', async () => {
    const kid = await kidOf();
    const c = cache();
    await Promise.all(Array.from({ length: 10 }, () => c.key(TENANT, cloud, kid)));
    expect(fetches).toHaveLength(1);
    expect(c.stats.fetches).toBe(1);
  });

  it('an unknown kid: undefined, and at most one refetch per 5 minutes', async () => {
    const kid = await kidOf();
    await cache().key(TENANT, cloud, kid);
    for (let i = 0; i < 10; i++) expect(await cache().key(TENANT, cloud, `nope-${i}`)).toBeUndefined();
    expect(fetches).toHaveLength(1);
    clock.advance(REFETCH_AFTER_MS);
    for (let i = 0; i < 10; i++) expect(await cache().key(TENANT, cloud, `nope-again-${i}`)).toBeUndefined();
    expect(fetches).toHaveLength(2);
  });

  it('a key set older than an hour is fetched again before use: a dropped key stops verifying', async () => {
    const oldKid = await kidOf();
    await cache().key(TENANT, cloud, oldKid);
    login.rotateKeys(TENANT);
    login.dropOldKeys(TENANT);
    clock.advance(MAX_AGE_MS - 1);
    expect(await cache().key(TENANT, cloud, oldKid)).toBeDefined(); // within the hour: the cached set
    clock.advance(1);
    expect(await cache().key(TENANT, cloud, oldKid)).toBeUndefined();
    expect(await cache().key(TENANT, cloud, await kidOf())).toBeDefined();
    expect(fetches).toHaveLength(2);
  });

  it('an outage: JwksUnavailableError, one attempt per 5 minutes, then recovery', async () => {
    failing = true;
    const kid = await kidOf();
    for (let i = 0; i < 5; i++)
      await expect(cache().key(TENANT, cloud, kid)).rejects.toThrow(JwksUnavailableError);
    expect(fetches).toHaveLength(1);
    failing = false;
    await expect(cache().key(TENANT, cloud, kid)).rejects.toThrow(JwksUnavailableError);
    clock.advance(REFETCH_AFTER_MS);
    expect(await cache().key(TENANT, cloud, kid)).toBeDefined();
    expect(fetches).toHaveLength(2);
  });

  it('an answer that is not a JWKS counts as an outage, and its message says what to do', async () => {
    const broken: Http = {
      fetch: async () => ({ status: 200, headers: { get: () => null }, text: async () => '{"keys": "no"}' }),
    };
    const error = await createJwksCache({ http: broken, store, clock })
      .key(TENANT, cloud, 'k')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JwksUnavailableError);
    expect((error as Error).message).toMatch(/try again in a few minutes/);
  });
});
