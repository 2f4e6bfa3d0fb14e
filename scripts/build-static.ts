// Builds every Custom UI app: each folder static/<app> with a vite.config.ts (static/shared is the
// common code, not an app). `npm run build` builds them all; `tsx scripts/build-static.ts admin`
// one. A new app (static/portal) is picked up by having its own vite.config.ts: no list to edit.
// Also answers "is this build older than its sources?" for the browser tests (isBuildStale).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const STATIC = join(REPO_ROOT, 'static');

export function staticApps(): string[] {
  return readdirSync(STATIC, { withFileTypes: true })
    .filter(
      (e) => e.isDirectory() && e.name !== 'shared' && existsSync(join(STATIC, e.name, 'vite.config.ts')),
    )
    .map((e) => e.name)
    .sort();
}

export const buildDir = (app: string): string => join(STATIC, app, 'build');
const inputsRecord = (app: string): string =>
  join(REPO_ROOT, 'node_modules/.cache/static-build', `${app}.inputs.json`);

/**
 * True when the build is missing or any file it was built from (recorded by the build itself,
 * static/shared/vite-app.ts), the app's index.html or the lock file is newer than it.
 */
export function isBuildStale(app: string): boolean {
  const index = join(buildDir(app), 'index.html');
  if (!existsSync(index) || !existsSync(inputsRecord(app))) return true;
  const builtAt = statSync(index).mtimeMs;
  const { files } = JSON.parse(readFileSync(inputsRecord(app), 'utf8')) as { files: string[] };
  const inputs = [
    ...files,
    `static/${app}/index.html`,
    `static/${app}/vite.config.ts`,
    'static/shared/vite-app.ts',
    'package-lock.json',
  ];
  return inputs.some((file) => {
    const path = join(REPO_ROOT, file);
    return !existsSync(path) || statSync(path).mtimeMs > builtAt;
  });
}

/** Builds with the same settings as static/<app>/vite.config.ts (both use staticAppConfig). */
export async function buildApp(app: string): Promise<void> {
  const [{ build }, { staticAppConfig }] = await Promise.all([
    import('vite'),
    import('../static/shared/vite-app'),
  ]);
  await build({ ...staticAppConfig(join(STATIC, app)), configFile: false });
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const apps = wanted.length > 0 ? wanted : staticApps();
  for (const app of apps) {
    if (!staticApps().includes(app)) throw new Error(`static/${app} has no vite.config.ts`);
    const started = Date.now();
    await buildApp(app);
    console.log(`built static/${app} -> static/${app}/build in ${Date.now() - started} ms`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
