// Starts the Entra login and Graph emulators on one shared, test-controlled clock: the clients'
// sleeps advance it, so a Retry-After of 1 s refills the emulator's rate-limit bucket without the
// test waiting a real second.
import type { Credential } from '../../../../src/config/schema';
import { credentialSecretKey, type CredentialSecret } from '../../../../src/config/secret-keys';
import type { Clock } from '../../../../src/core/ports';
import {
  createGraphClient,
  createTokenProvider,
  resolveCloud,
  type Cloud,
  type GraphClient,
  type GraphClientOptions,
  type TokenProvider,
} from '../../../../src/graph';
import { startEntraLogin, type EntraLogin } from '../../../../sandbox/emulators/entra-login';
import { startGraphEmulator, type GraphEmulator } from '../../../../sandbox/emulators/graph';
import { createMemoryStore, type MemoryStore } from '../../../../sandbox/adapters/memory-store';
import { createRecordingLog, type RecordingLog } from '../../../unit/graph/support/fakes';
import { createNodeHttp } from '../../../../sandbox/adapters/node-http';

export interface SharedClock extends Clock {
  readonly sleeps: number[];
}

export interface Harness {
  login: EntraLogin;
  emulator: GraphEmulator;
  cloud: Cloud;
  clock: SharedClock;
  close(): Promise<void>;
  /** A Graph client for one app registration, with its own token provider and store. */
  client(
    tenantId: string,
    clientId: string,
    secret: CredentialSecret,
    options?: Partial<GraphClientOptions>,
  ): {
    graph: GraphClient;
    tokens: TokenProvider;
    store: MemoryStore;
    log: RecordingLog;
    credential: Credential;
  };
}

export async function startHarness(): Promise<Harness> {
  let now = Date.now();
  const sleeps: number[] = [];
  const clock: SharedClock = {
    sleeps,
    now: () => now,
    async sleep(ms) {
      sleeps.push(ms);
      now += ms;
    },
  };
  const login = await startEntraLogin({ now: () => now });
  const emulator = await startGraphEmulator({ login, now: () => now });
  const cloud = resolveCloud({ cloud: 'custom', graphBaseUrl: emulator.url, loginBaseUrl: login.url });
  const http = createNodeHttp();
  return {
    login,
    emulator,
    cloud,
    clock,
    async close() {
      await emulator.close();
      await login.close();
    },
    client(tenantId, clientId, secret, options = {}) {
      const store = createMemoryStore();
      const log = createRecordingLog();
      const credential: Credential = { id: 'cred', displayName: 'Test app', clientId, kind: secret.kind };
      void store.setSecret(credentialSecretKey(credential.id), secret);
      const tokens = createTokenProvider({ http, clock, store, log, random: () => 0.5 });
      const graph = createGraphClient({
        http,
        clock,
        log,
        cloud,
        tenantId,
        getToken: (o) => tokens.getToken({ cloud, tenantId, credential, forceRefresh: o?.forceRefresh }),
        random: () => 0.5,
        ...options,
      });
      return { graph, tokens, store, log, credential };
    },
  };
}
