// Shared set-up for the offline-app tests: the sandbox world with the demo data and the offline
// demo (relay per tenant deployed from deploy/relay-logic-app.json), a web trigger called as
// Forge calls it (a fresh JWKS cache per invocation; the store persists between them), and Entra
// requests held at a custom-extension stage in the Graph emulator, with their callout bodies.
import type { Http, Ports } from '../../../src/core/ports';
import { loadConfig } from '../../../src/core/config-store';
import { listAudit, type AuditEntry, type AuditFilter } from '../../../src/core/audit';
import { receiveCallout, type WebRequest, type WebResponse } from '../../../src/entra/receive-callout';
import { createJwksCache } from '../../../src/entra/jwks-cache';
import { seedOffline, type DemoOffline, type OfflineTenant } from '../../../sandbox/demo-offline';
import { buildForward, fireCallout, type ForwardedRequest } from '../../../sandbox/emulators/relay';
import type { TenantData } from '../../../sandbox/emulators/graph';
import type { FakeClock } from '../../../sandbox/adapters/fake-clock';
import type { JWTPayload } from 'jose';
import { startWorld, type TestWorld } from '../workflow/world-support';

export type TenantName = 'contoso' | 'fabrikam';

export interface HeldRequest {
  requestId: string;
  stageInstanceId: string;
  assignmentId: string;
  callout: Record<string, unknown>;
}

export interface OfflineWorld extends TestWorld {
  clock: FakeClock;
  offline: DemoOffline;
  /** The ports the web trigger runs with: the world's, with JWKS downloads counted. */
  webTriggerPorts: Ports;
  /** JWKS downloads the web trigger made so far. */
  jwksFetches(): number;
  /** Fails (status) or lets through the web trigger's JWKS downloads. */
  setJwksFailure(status: number | undefined): void;
  /** The web trigger as Forge runs it: config loaded, a fresh JWKS cache, then receiveCallout. */
  receive(request: WebRequest): Promise<WebResponse>;
  /** The request the tenant's relay sends for `body` (token claims overridable). */
  forward(tenant: TenantName, body: unknown, claims?: JWTPayload): Promise<ForwardedRequest>;
  /** forward + receive. */
  deliver(tenant: TenantName, body: unknown): Promise<WebResponse>;
  graph(tenant: TenantName): TenantData;
  /** An Entra request waiting at a custom-extension stage, and the callout Entra sends for it. */
  hold(input: {
    tenant: TenantName;
    packageId: string;
    userId: string;
    stage?: 'assignmentRequestApproved' | 'assignmentRequestRemoved';
    answers?: { question: string; answer: string }[];
    justification?: string;
    timeout?: string | null;
  }): HeldRequest;
  audit(filter?: AuditFilter): Promise<AuditEntry[]>;
  /** Issues that carry the accessBridgeCallout property, by key. */
  offlineIssueKeys(): string[];
}

export async function startOfflineWorld(): Promise<OfflineWorld> {
  const world = await startWorld();
  const offline = await seedOffline(world, world.demo);
  let fetches = 0;
  let failWith: number | undefined;
  const http: Http = {
    async fetch(url, init) {
      if (url.includes('/discovery/')) {
        fetches++;
        if (failWith !== undefined)
          return {
            status: failWith,
            headers: { get: () => null },
            text: async () => '{"error":"temporarily_unavailable"}',
          };
      }
      return world.ports.http.fetch(url, init);
    },
  };
  const ports = { ...world.ports, http };
  const tenants = (name: TenantName): OfflineTenant => offline[name];

  const self: OfflineWorld = {
    ...world,
    clock: world.clock as FakeClock,
    offline,
    webTriggerPorts: ports,
    jwksFetches: () => fetches,
    setJwksFailure(status) {
      failWith = status;
    },
    async receive(request) {
      const config = await loadConfig(world.store);
      return receiveCallout(ports, config, request, { jwks: createJwksCache(ports) });
    },
    forward(tenant, body, claims) {
      const t = tenants(tenant);
      return buildForward({ login: world.login, deployment: t.deployment, identity: t.relay }, body, {
        claims,
      });
    },
    async deliver(tenant, body) {
      return self.receive(await self.forward(tenant, body));
    },
    graph: (tenant) =>
      (tenant === 'contoso' ? world.graphGlobal : world.graphCustom).tenant(tenants(tenant).tenantId),
    hold(input) {
      const fired = fireCallout(self.graph(input.tenant), input);
      return {
        requestId: fired.requestId,
        stageInstanceId: fired.stageInstanceId,
        assignmentId: fired.assignmentId,
        callout: fired.body,
      };
    },
    audit: (filter) => listAudit(world.store, { limit: 5000, filter: { kind: 'callout', ...filter } }),
    offlineIssueKeys: () =>
      world.jira
        .issues()
        .filter((i) => 'accessBridgeCallout' in world.jira.properties(i.key))
        .map((i) => i.key),
  };
  return self;
}
