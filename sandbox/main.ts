// `npm start`: the sandbox. The same core as the Forge app with Node adapters for the ports and
// emulated Graph, Entra and Jira; a demo portal to raise requests and watch them, and the admin
// page (built into static/*/build by `npm run build`, which `npm start` runs first). Options:
//   --port N            listen on N (default 3000; 0 picks a free port)
//   --config FILE       use the tenants of a configuration file (admin page export format)
//   --secrets FILE      secrets for --config: {"<credential id>": {"clientSecret": "..."}}
//   --dry-run           stop every request before it writes to Entra and report what it would do
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { createWorld } from './world';
import { seedDemo } from './demo-data';
import { demoPortal } from './demo-portal';
import { startPump } from './pump';
import { applyConfigFile, readConfigFile, readSecrets } from './config-file';
import { createNodeHttp } from './adapters/node-http';
import { seedOffline } from './demo-offline';
import { webTrigger, WEB_TRIGGER_PATH } from './web-trigger';
import { createUiRoutes } from './ui-server';
import { createPortalPanels } from './portal-context';
import { adminOperations } from '../src/core/admin/operations';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '3000' },
    config: { type: 'string' },
    secrets: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
  },
});

const configFile = values.config ? readConfigFile(values.config) : undefined;
const secrets = configFile ? readSecrets(configFile, values.secrets, process.env) : undefined;
// With a configuration file the app calls the real endpoints it names; otherwise only emulators.
const world = await createWorld({
  dryRun: values['dry-run'],
  http: configFile ? createNodeHttp() : undefined,
});
let demo = await seedDemo(world);
if (configFile && secrets) demo = await applyConfigFile(world, demo, configFile, secrets);
else await seedOffline(world, demo);

const pump = startPump(world);
// The admin page is the same Custom UI build that ships, with a stand-in for Forge's bridge that
// runs the same core operations over HTTP (sandbox/ui-server.ts).
const ui = createUiRoutes(world, {
  resolvers: { admin: adminOperations },
  context: (app) => ({
    accountId: 'sandbox-admin',
    cloudId: 'sandbox',
    locale: 'en-US',
    timezone: 'UTC',
    extension: { type: app === 'admin' ? 'jira:adminPage' : 'jiraServiceManagement:portalRequestDetail' },
  }),
  webTriggerUrl: (origin) => `${origin}${WEB_TRIGGER_PATH}`,
});
// The portal panels go first: they answer their own /bridge/portal-<session> calls.
const panels = createPortalPanels(world);
const routes = [panels, ui, demoPortal(world, demo, panels), webTrigger(world)];
const server = createServer((req, res) => {
  void (async () => {
    for (const route of routes) if (await route.handle(req, res)) return;
    if (req.url === '/' || req.url === '') {
      res.writeHead(302, { Location: '/demo' });
      res.end();
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('Not found. The demo portal is at /demo.');
  })();
});
server.listen(Number(values.port), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(`Access Bridge sandbox${values['dry-run'] ? ' (dry run: nothing is written to Entra)' : ''}`);
  console.log(`  demo portal:  http://127.0.0.1:${port}/demo`);
  console.log(`  admin page:   http://127.0.0.1:${port}/admin/`);
  console.log(`  web trigger:  http://127.0.0.1:${port}${WEB_TRIGGER_PATH}?tenant=<tenant id>`);
  console.log(
    `  tenants:      ${demo.config.tenants.map((t) => `${t.displayName} (${t.cloud})`).join(', ')}`,
  );
  console.log('Press Ctrl+C to stop.');
});

const stop = async () => {
  pump.stop();
  server.close();
  await world.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
