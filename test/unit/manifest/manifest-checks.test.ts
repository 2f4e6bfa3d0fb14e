import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { builtInCloudOrigins } from '../../../src/graph/clouds';
import {
  checkEgress,
  checkForgeImports,
  checkFunctionTimeouts,
  checkHandlers,
  checkResources,
  checkSchema,
  forgeImportProblem,
  formatReport,
  loadManifest,
  runAllChecks,
} from '../../../scripts/manifest-checks';
import {
  ALL_HANDLERS,
  REAL_MANIFEST,
  RESOURCE_FOLDERS,
  handlerSource,
  makeTree,
  validTreeFiles,
  type Tree,
} from './fixture-tree';

const origins = builtInCloudOrigins();
const trees: Tree[] = [];
function tree(files: Record<string, string>): Tree {
  const made = makeTree(files);
  trees.push(made);
  return made;
}
afterEach(() => {
  for (const t of trees.splice(0)) t.remove();
});

describe('the real manifest', () => {
  it('passes validate() of @forge/manifest once the entry file and builds exist', async () => {
    const t = tree(validTreeFiles());
    const out = await checkSchema(join(t.root, 'manifest.yml'), { afterBuild: true });
    expect(out.failed).toEqual([]);
    expect(out.passed).toHaveLength(1);
  });

  it('passes every check in a complete tree, after the build too', async () => {
    const t = tree(validTreeFiles());
    for (const afterBuild of [false, true]) {
      const results = await runAllChecks(t.root, { afterBuild, origins });
      expect(results.flatMap((r) => r.failed)).toEqual([]);
    }
  });

  it('declares every built-in cloud origin, and only those, as backend egress', () => {
    const t = tree(validTreeFiles());
    const out = checkEgress(loadManifest(join(t.root, 'manifest.yml')), t.root, origins);
    expect(out.failed).toEqual([]);
    expect(out.passed).toHaveLength(origins.length);
  });

  it('puts long timeouts only on the consumer and schedule functions', () => {
    const out = checkFunctionTimeouts(loadManifest(join(tree(validTreeFiles()).root, 'manifest.yml')));
    expect(out.failed).toEqual([]);
    expect(out.passed.join('\n')).toMatch(/consume-work: timeoutSeconds 900 \(consumer\)/);
    expect(out.passed.join('\n')).toMatch(/run-follow-ups: timeoutSeconds 900 \(scheduledTrigger\)/);
  });
});

describe('checkSchema', () => {
  it('reports a bad module with its line', async () => {
    const broken = REAL_MANIFEST.replace(
      '      events:\n        - avi:jira:created:issue',
      '      evnts:\n        - avi:jira:created:issue',
    );
    const t = tree(validTreeFiles({ 'manifest.yml': broken }));
    const out = await checkSchema(join(t.root, 'manifest.yml'), { afterBuild: true });
    expect(out.failed.join('\n')).toMatch(
      /manifest\.yml:\d+: trigger should NOT have additional property 'evnts'/,
    );
  });

  it('reports a module key reused by a function', async () => {
    const clash = REAL_MANIFEST.replace('- key: entra-callout', '- key: handle-callout');
    const t = tree(validTreeFiles({ 'manifest.yml': clash }));
    const out = await checkSchema(join(t.root, 'manifest.yml'), { afterBuild: true });
    expect(out.failed.join('\n')).toMatch(/duplicate module key 'handle-callout'/);
  });

  it('leaves missing build folders to the resources check unless --after-build', async () => {
    const files = validTreeFiles();
    for (const path of Object.keys(files)) if (path.includes('/build/')) delete files[path];
    const t = tree(files);
    const before = await checkSchema(join(t.root, 'manifest.yml'), { afterBuild: false });
    expect(before.failed).toEqual([]);
    expect(before.notes.join('\n')).toMatch(new RegExp(`${RESOURCE_FOLDERS.length} missing build folder`));
    const after = await checkSchema(join(t.root, 'manifest.yml'), { afterBuild: true });
    expect(after.failed.filter((f) => f.includes('missing resource'))).toHaveLength(RESOURCE_FOLDERS.length);
  });
});

describe('checkHandlers', () => {
  it('detects a handler whose export is missing', async () => {
    const t = tree(
      validTreeFiles({ 'src/index.ts': handlerSource(ALL_HANDLERS.filter((n) => n !== 'consumeWork')) }),
    );
    const out = await checkHandlers(loadManifest(join(t.root, 'manifest.yml')), t.root);
    expect(out.failed).toEqual(['function consume-work: src/index has no exported function "consumeWork"']);
    expect(out.passed).toHaveLength(ALL_HANDLERS.length - 1);
  });

  it('fails when src/index.ts does not exist', async () => {
    const files = validTreeFiles();
    delete files['src/index.ts'];
    const t = tree(files);
    const out = await checkHandlers(loadManifest(join(t.root, 'manifest.yml')), t.root);
    expect(out.failed).toHaveLength(ALL_HANDLERS.length);
    expect(out.failed[0]).toMatch(/src\/index\.ts does not exist/);
  });

  it('fails on an export that is not a function, an entry that throws, and an unused export', async () => {
    const t = tree(
      validTreeFiles({ 'src/index.ts': `${handlerSource(ALL_HANDLERS)}export const helper = () => 1;\n` }),
    );
    const manifest = loadManifest(join(t.root, 'manifest.yml'));
    const extra = await checkHandlers(manifest, t.root);
    expect(extra.failed).toEqual(['src/index exports helper, which no manifest function uses']);

    const notFunction = await checkHandlers(manifest, t.root, async () => ({
      ...fakeExports(),
      consumeWork: 42,
    }));
    expect(notFunction.failed).toEqual([
      'function consume-work: src/index has no exported function "consumeWork"',
    ]);

    const throwing = await checkHandlers(manifest, t.root, async () => {
      throw new Error('Cannot find module ./forge/handlers');
    });
    expect(throwing.failed[0]).toBe(
      'function on-issue-created: src/index failed to load: Cannot find module ./forge/handlers',
    );
  });
});

function fakeExports(): Record<string, unknown> {
  return Object.fromEntries(ALL_HANDLERS.map((name) => [name, () => undefined]));
}

describe('checkResources', () => {
  it('checks source folders before the build and build folders after it', () => {
    const files = validTreeFiles();
    delete files['static/portal/index.html'];
    delete files['static/admin/build/index.html'];
    files['static/portal/vite.config.ts'] = 'export default {};';
    const t = tree(files);
    const manifest = loadManifest(join(t.root, 'manifest.yml'));
    const before = checkResources(manifest, t.root, { afterBuild: false });
    expect(before.failed).toEqual([]);
    expect(before.passed).toContain('portal-ui: static/portal/vite.config.ts');
    const after = checkResources(manifest, t.root, { afterBuild: true });
    expect(after.failed).toEqual([
      'admin-ui: static/admin/build/index.html is missing (did the static build run?)',
    ]);
  });

  it('fails when a source folder is missing', () => {
    const files = validTreeFiles();
    delete files['static/admin/index.html'];
    delete files['static/admin/build/index.html'];
    const t = tree(files);
    const out = checkResources(loadManifest(join(t.root, 'manifest.yml')), t.root, { afterBuild: false });
    expect(out.failed).toEqual([
      'admin-ui: static/admin/ has no index.html or vite.config.* (resource path static/admin/build)',
    ]);
  });
});

describe('checkEgress', () => {
  it('detects a built-in cloud origin missing from egress', () => {
    const t = tree(
      validTreeFiles({
        'manifest.yml': REAL_MANIFEST.replace('        - address: https://graph.microsoft.us\n', ''),
      }),
    );
    const out = checkEgress(loadManifest(join(t.root, 'manifest.yml')), t.root, origins);
    expect(out.failed).toContain(
      'https://graph.microsoft.us (a built-in cloud) is not in permissions.external.fetch.backend',
    );
  });

  it('detects an undeclared host named in src/graph/clouds.ts, and allows the hosts listed as never called', () => {
    const clouds = `export const a = 'https://graph.example.net/v1.0';\nexport const doc = 'https://learn.microsoft.com/graph/deployments';\nexport const msg = 'such as https://x.example.org';\n`;
    const t = tree(validTreeFiles({ 'src/graph/clouds.ts': clouds }));
    const out = checkEgress(loadManifest(join(t.root, 'manifest.yml')), t.root, origins);
    expect(out.failed).toEqual([
      'src/graph/clouds.ts names https://graph.example.net/v1.0, whose host is not a declared egress address',
    ]);
  });

  it('rejects the deprecated string form, extra hosts and client-side permissions', () => {
    const manifest = REAL_MANIFEST.replace(
      '        - address: https://login.chinacloudapi.cn\n',
      '        - address: https://login.chinacloudapi.cn\n        - https://extra.example.com\n        - address: "*.example.org"\n      client:\n        - address: https://cdn.example.com\n',
    );
    const t = tree(validTreeFiles({ 'manifest.yml': manifest }));
    const out = checkEgress(loadManifest(join(t.root, 'manifest.yml')), t.root, origins);
    expect(out.failed).toEqual([
      'egress "https://extra.example.com" uses the deprecated string form; write "- address: https://extra.example.com"',
      'egress *.example.org is no built-in cloud: remove it, or list it in EXTRA_EGRESS_ADDRESSES with a reason',
      'permissions.external.fetch.client is declared; Custom UI calls go through @forge/bridge',
    ]);
    const allowed = checkEgress(loadManifest(join(t.root, 'manifest.yml')), t.root, origins, {
      extraAddresses: ['*.example.org'],
    });
    expect(allowed.failed).toHaveLength(2);
  });

  it('accepts a wildcard egress entry for a cloud host', () => {
    const manifest = REAL_MANIFEST.replace('        - address: https://graph.microsoft.us\n', '');
    const t = tree(validTreeFiles({ 'manifest.yml': manifest }));
    const out = checkEgress(loadManifest(join(t.root, 'manifest.yml')), t.root, origins, {
      extraAddresses: ['*.microsoft.us'],
    });
    expect(out.failed.some((f) => f.includes('graph.microsoft.us'))).toBe(true);
    const wild = tree(
      validTreeFiles({
        'manifest.yml': manifest.replace(
          '- address: https://dod-graph.microsoft.us',
          '- address: "*.microsoft.us"',
        ),
      }),
    );
    const ok = checkEgress(loadManifest(join(wild.root, 'manifest.yml')), wild.root, origins, {
      extraAddresses: ['*.microsoft.us'],
    });
    expect(ok.failed).toEqual([]);
  });
});

describe('checkForgeImports', () => {
  it('detects stray @forge imports and @forge/ui, and ignores comments and strings', () => {
    const t = tree({
      'src/core/workflow.ts': "import { kvs } from '@forge/kvs';\n",
      'src/jira/comment.ts':
        "// talks to fetch from '@forge/api' through the port\nconst s = \"from '@forge/api'\";\n",
      'src/forge/adapters/kvs-store.ts': "import { kvs } from '@forge/kvs';\nexport { kvs };\n",
      'src/forge/ui.ts': "export * from '@forge/ui';\n",
      'src/forge/bad-bridge.ts': "import { invoke } from '@forge/bridge';\n",
      'sandbox/main.ts': "const api = require('@forge/api');\n",
      'static/admin/src/App.tsx':
        "import { invoke } from '@forge/bridge';\nexport const App = () => invoke('x');\n",
      'static/portal/src/main.tsx': "const m = await import('@forge/api');\n",
      'static/admin/build/assets/x.js': "import '@forge/api';\n",
      'static/admin/node_modules/y/index.js': "require('@forge/ui');\n",
    });
    const out = checkForgeImports(t.root);
    expect(out.failed.sort()).toEqual(
      [
        'sandbox/main.ts imports @forge/api; only src/forge/ (and static/* through @forge/bridge) may import @forge/*',
        'src/core/workflow.ts imports @forge/kvs; only src/forge/ (and static/* through @forge/bridge) may import @forge/*',
        'src/forge/bad-bridge.ts imports @forge/bridge, which runs only in the browser',
        'src/forge/ui.ts imports @forge/ui (UI Kit 1 is removed; use Custom UI)',
        'static/portal/src/main.tsx imports @forge/api; Custom UI talks to Forge through @forge/bridge only',
      ].sort(),
    );
    expect(out.passed).toEqual(['3 file(s) clean']);
  });

  it('classifies specifiers by folder', () => {
    expect(forgeImportProblem('static/admin/src/x.ts', '@forge/ui')).toMatch(/UI Kit 1/);
    expect(forgeImportProblem('src/forge/handlers/a.ts', '@forge/events')).toBeUndefined();
    expect(forgeImportProblem('src/index.ts', '@forge/api')).toMatch(/only src\/forge\//);
    expect(forgeImportProblem('src/core/a.ts', 'zod')).toBeUndefined();
  });
});

describe('checkFunctionTimeouts', () => {
  it('rejects a long timeout on a web trigger function and a shared consumer function', () => {
    const manifest = REAL_MANIFEST.replace(
      '    - key: handle-callout\n      handler: index.handleCallout\n',
      '    - key: handle-callout\n      handler: index.handleCallout\n      timeoutSeconds: 900\n',
    ).replace('      function: run-follow-ups\n', '      function: consume-work\n');
    const t = tree(validTreeFiles({ 'manifest.yml': manifest }));
    const out = checkFunctionTimeouts(loadManifest(join(t.root, 'manifest.yml')));
    expect(out.failed).toEqual([
      'function consume-work is shared by a consumer and scheduledTrigger',
      'function handle-callout sets timeoutSeconds but is used by webtrigger',
      'function run-follow-ups is used by no module',
      'function run-follow-ups sets timeoutSeconds but is used by nothing',
    ]);
  });
});

describe('runAllChecks and formatReport', () => {
  it('turns an unparsable manifest into one failed check', async () => {
    const t = tree({ 'manifest.yml': 'modules: [' });
    const results = await runAllChecks(t.root, { afterBuild: false, origins });
    expect(results).toHaveLength(1);
    expect(formatReport(results).failed).toBe(1);
  });

  it('ends with the one-line summary', () => {
    const { lines, failed } = formatReport([
      { name: 'a', passed: ['x', 'y'], failed: [], notes: [] },
      { name: 'b', passed: [], failed: ['z'], notes: ['n'] },
    ]);
    expect(failed).toBe(1);
    expect(lines).toEqual([
      'PASS a',
      '  ok   x',
      '  ok   y',
      'FAIL b',
      '  FAIL z',
      '  note n',
      'manifest check: 2 checks passed, 1 failed',
    ]);
  });
});
