// The bundle `forge deploy` ships, built here as Forge builds it (npm run build:forge: webpack and
// ts-loader on our tsconfig.json), loaded in Node as the runtime loads index.cjs, and driven through
// its exported handlers: the manifest's handlers are all there, one grant and one callout run end
// to end. The @forge packages inside the bundle reach the emulators only through the runtime's
// globals (forge-runtime.ts), so what runs is the shipped code, @forge/* included.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTOSO, MSP_SECRET } from '../../sandbox/demo-data';
import { buildForward, fireCallout } from '../../sandbox/emulators/relay';
import { functionsOf, loadManifest } from '../../scripts/manifest-checks/manifest';
import { startBundleWorld, type BundleWorld } from './bundle-world';

const ROOT = resolve(import.meta.dirname, '../..');
let outDir: string;
let bundleFile: string;
let world: BundleWorld;
/** What the bundle's Log port wrote to the console (Forge's log viewer), kept off the test output. */
const logLines: string[] = [];

beforeAll(async () => {
  for (const level of ['debug', 'info', 'warn', 'error'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logLines.push(args.map(String).join(' '));
    });
  }
  outDir = mkdtempSync(join(tmpdir(), 'access-bridge-forge-'));
  // The npm script itself, in its own process, as CI and a developer run it.
  await promisify(execFile)(
    join(ROOT, 'node_modules', '.bin', 'tsx'),
    ['scripts/build-forge.ts', '--out', outDir],
    {
      cwd: ROOT,
    },
  );
  bundleFile = join(outDir, 'index.cjs');
  world = await startBundleWorld(bundleFile, ROOT);
}, 300_000);

afterAll(async () => {
  vi.restoreAllMocks();
  await world?.close();
  rmSync(outDir, { recursive: true, force: true });
});

describe('the Forge bundle', () => {
  it('is CommonJS with its source map, as Forge uploads it', () => {
    expect(existsSync(`${bundleFile}.map`)).toBe(true);
    expect(readFileSync(bundleFile, 'utf8')).not.toMatch(/^\s*(import|export)\s/m);
  });

  it('exports every handler manifest.yml names, resolvers included, and nothing else', () => {
    const manifest = loadManifest(join(ROOT, 'manifest.yml'));
    const functions = functionsOf(manifest);
    const byKey = new Map(functions.map((fn) => [fn.key, fn.handler]));
    // Modules name a function key directly (`function:`) or through their resolver.
    const referenced = Object.values(manifest.modules)
      .flat()
      .flatMap((module) => {
        const resolver = module.resolver as { function?: unknown } | undefined;
        return [module.function, resolver?.function].filter((key): key is string => typeof key === 'string');
      });
    expect(referenced.length).toBeGreaterThan(0);
    for (const key of referenced) expect(byKey.has(key), `function ${key}`).toBe(true);

    const exported = functions.map((fn) => {
      const [module, name] = fn.handler.split('.');
      expect(module, fn.handler).toBe('index');
      expect(typeof world.exports[name!], fn.handler).toBe('function');
      return name;
    });
    expect(
      Object.keys(world.exports)
        .filter((name) => name !== '__esModule')
        .sort(),
    ).toEqual([...new Set(exported)].sort());
  });

  it('grants: issue created -> trigger -> queue -> consumer -> Graph assignment request -> Jira comments', async () => {
    const { demo, jira } = world;
    const issue = jira.createRequestAsCustomer({
      accountId: demo.customers.adele.accountId,
      serviceDeskId: demo.serviceDeskId,
      requestTypeId: demo.requestTypes.grant,
      summary: 'Access: Sales & Marketing',
      fields: { [demo.fields.package]: 'Sales & Marketing', [demo.fields.justification]: 'Q1 campaign' },
    });
    await jira.events.settled();
    expect(jira.events.errors).toEqual([]);
    expect(world.queue.pushed.map((p) => p.job.type)).toContain('access-request');

    const run = await world.runQueue();
    expect(run.errors).toEqual([]);
    const requests = world.graphGlobal
      .tenant(CONTOSO)
      .assignmentRequests()
      .filter((r) => r.accessPackageId === demo.packages.sales && r.targetUserId === demo.users.adele);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.justification).toBe(`${issue.key}: Q1 campaign`);
    const comments = jira.comments(issue.key);
    expect(comments.filter((c) => !c.internal).map((c) => c.text)).toContain(
      "We have asked for access to 'Sales & Marketing'. We will update this request when it is done.",
    );
    expect(
      comments
        .filter((c) => c.internal)
        .map((c) => c.text)
        .join('\n'),
    ).toContain(requests[0]!.id);

    // Every platform call went through the runtime's boundary: KVS, requestJira, the queue, egress.
    const kinds = new Set(world.runtime.calls.map((c) => `${c.type}:${c.remote ?? ''}`));
    expect([...kinds].sort()).toEqual(['fpp:jira', 'fpp:stargate', 'kvs:kvs']);
    const hosts = new Set(world.runtime.egressCalls.map((url) => new URL(url).host));
    expect(hosts).toEqual(new Set(['login.microsoftonline.com', 'graph.microsoft.com']));
  });

  it('files an offline ticket: relay request with a managed-identity token -> web trigger -> queue -> ticket', async () => {
    const { demo, offline, jira } = world;
    const offlineTickets = () => jira.issues().filter((i) => 'accessBridgeCallout' in jira.properties(i.key));
    const before = offlineTickets().length;
    const fired = fireCallout(world.graphGlobal.tenant(CONTOSO), {
      packageId: offline.contoso.packages.erp,
      userId: demo.users.megan!,
    });
    const request = await buildForward(
      { login: world.login, deployment: offline.contoso.deployment, identity: offline.contoso.relay },
      fired.body,
    );
    const egressBefore = world.runtime.egressCalls.length;
    const response = (await world.handler('handleCallout')(request)) as { statusCode: number; body: string };
    expect(response.statusCode).toBe(202);
    // The relay token was checked against the tenant's signing keys, fetched through Forge's fetch.
    expect(world.runtime.egressCalls.slice(egressBefore).some((url) => url.includes('/discovery/'))).toBe(
      true,
    );

    const run = await world.runQueue();
    expect(run.errors).toEqual([]);
    const tickets = offlineTickets();
    expect(tickets).toHaveLength(before + 1);
    const ticket = tickets.at(-1)!;
    expect(jira.properties(ticket.key).accessBridgeCallout).toMatchObject({
      stageInstanceId: fired.stageInstanceId,
    });

    // Resolving the ticket reaches the bundled issue-updated trigger, which queues the resume.
    const resumes = () => world.graphGlobal.tenant(CONTOSO).resumes();
    const resumesBefore = resumes().length;
    jira.transition(ticket.key, 'Resolve this issue');
    await jira.events.settled();
    expect(jira.events.errors).toEqual([]);
    expect((await world.runQueue()).errors).toEqual([]);
    expect(resumes()).toHaveLength(resumesBefore + 1);
  });

  it('runs the scheduled handlers as the scheduler calls them', async () => {
    // Forge passes a scheduled trigger an event with its context; the handlers read nothing of it.
    for (const name of ['runFollowUps', 'checkOfflineTimeouts']) {
      await expect(
        world.handler(name)({ context: { cloudId: 'site', moduleKey: name } }),
        name,
      ).resolves.not.toThrow();
    }
    expect((await world.runQueue()).errors).toEqual([]);
  });

  it('answers a resolver call without a Jira administrator behind it with a refusal, not a crash', async () => {
    // @forge/resolver's definitions take { call: { functionKey, payload }, context }. The admin gate
    // asks Jira as the caller; no user stands behind this call, so every operation is refused.
    const answer = (await world.handler('adminResolver')(
      { call: { functionKey: 'getConfiguration', payload: {} }, context: { accountId: 'nobody' } },
      {},
    )) as { ok?: boolean };
    expect(answer.ok).toBe(false);
  });

  it('logged no error and no secret on the way', () => {
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.filter((line) => line.includes('"level":"error"'))).toEqual([]);
    expect(logLines.filter((line) => line.includes(MSP_SECRET))).toEqual([]);
  });
});
