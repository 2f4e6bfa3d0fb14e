// Resume is global-only (issue 10.6): the v1.0 page's "national cloud availability" table lists
// the global service only (https://learn.microsoft.com/graph/api/accesspackageassignmentrequest-resume).
// A Graph emulator standing for a national cloud refuses it; for a tenant there, the offline
// ticket tells agents to complete the request in Entra by hand, and resolving it calls nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/core/app';
import { loadConfig, saveConfig } from '../../../src/core/config-store';
import { GraphBadRequestError, resumeAssignmentRequest } from '../../../src/graph';
import type { Http } from '../../../src/core/ports';
import { startGraphEmulator, type GraphEmulator } from '../../../sandbox/emulators/graph';
import { CONTOSO } from '../../../sandbox/demo-data';
import { startOfflineWorld, type OfflineWorld } from './offline-world';

let w: OfflineWorld;
let usgov: GraphEmulator;
beforeAll(async () => {
  w = await startOfflineWorld();
  usgov = await startGraphEmulator({
    login: w.login,
    now: () => w.clock.now(),
    cloud: 'usgov',
    publicUrl: 'https://graph.microsoft.us',
  });
  // The US Government hosts route to the emulators, as the global ones do.
  const inner = w.ports.http;
  const routed: Http = {
    fetch(url, init) {
      const u = new URL(url);
      if (u.origin === 'https://graph.microsoft.us')
        return inner.fetch(`${usgov.url}${u.pathname}${u.search}`, init);
      if (u.origin === 'https://login.microsoftonline.us')
        return inner.fetch(`${w.login.url}${u.pathname}${u.search}`, init);
      return inner.fetch(url, init);
    },
  };
  w.ports.http = routed;
  const config = await loadConfig(w.store);
  await saveConfig(w.store, {
    ...config,
    tenants: config.tenants.map((t) => (t.tenantId === CONTOSO ? { ...t, cloud: 'usgov' as const } : t)),
  });
});
afterAll(async () => {
  await usgov.close();
  await w.close();
});

describe('a tenant in the US Government cloud', () => {
  it('the emulator refuses resume there, as a service without the action does', async () => {
    const app = await createApp(w.ports);
    const tenant = app.config.tenants.find((t) => t.tenantId === CONTOSO)!;
    const error = await resumeAssignmentRequest(
      app.graphFor(tenant),
      '00000000-0000-4000-8000-000000000001',
      {
        source: 'AccessBridge',
        type: 'microsoft.graph.accessPackageCustomExtensionStage.assignmentRequestApproved',
        data: {
          stage: 'assignmentRequestApproved',
          customExtensionStageInstanceId: '00000000-0000-4000-8000-000000000002',
        },
      },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphBadRequestError);
    expect((error as GraphBadRequestError).graphMessage).toBe("Resource not found for the segment 'resume'.");
  });

  it('the ticket says to complete the request in Entra by hand; resolving it resumes nothing and says so', async () => {
    const before = w.offlineIssueKeys();
    const held = w.hold({
      tenant: 'contoso',
      packageId: w.offline.contoso.packages.erp,
      userId: w.demo.users.adele!,
    });
    expect((await w.deliver('contoso', held.callout)).statusCode).toBe(202);
    expect((await w.runQueue()).outcomes['gave-up']).toBe(0);
    const key = w.offlineIssueKeys().find((k) => !before.includes(k))!;
    expect(w.jira.issue(key).description).toContain(
      'where Microsoft Graph cannot resume a request: resolving this ticket does not complete the Entra request',
    );
    expect(w.jira.issue(key).description).toContain('complete the request in Entra by hand');

    usgov.clearRequests();
    w.jira.transition(key, 'Resolve this issue');
    await w.settle();
    expect((await w.runQueue()).outcomes['gave-up']).toBe(0);
    expect(usgov.requests.filter((r) => r.path.includes('resume'))).toEqual([]);
    expect(
      w
        .graph('contoso')
        .resumes()
        .filter((r) => r.requestId === held.requestId),
    ).toEqual([]);
    const last = w.jira.comments(key).at(-1)!;
    expect(last.internal).toBe(true);
    expect(last.text).toContain(`did not resume Entra request ${held.requestId}`);
    expect(last.text).toContain('US Government (GCC High) cloud, where Microsoft Graph has no resume call');
    expect(last.text).not.toContain('no longer waits');
  });
});
