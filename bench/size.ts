// Scenario 4: size and start. The backend bundled and minified by esbuild from src/index.ts
// (platform node, ESM, target node20, only Node's built-ins external: @forge/* goes in, as Forge
// ships it), its import time in a fresh Node process, and the Custom UI pages' JavaScript gzipped
// (scripts/bundle-size.ts; `npm run build` first when a build is missing).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { bundleGzipBytes } from '../scripts/bundle-size';

export interface SizeResult {
  backendBytes: number;
  /** Median of `runs` imports of the bundle, each in a fresh `node` process. */
  importMs: number;
  adminGzBytes: number | 'not built';
  portalGzBytes: number | 'not built';
  /**
   * The same bundle if every `import { z } from 'zod'` read `import * as z from 'zod'`: zod's
   * namespace object keeps all 40-odd locales alive, `import * as` lets esbuild drop them.
   */
  backendBytesNamespaceZod: number;
  /** Files in src/ that still use the named `z` import. */
  namedZodImports: number;
}

const ROOT = resolve(import.meta.dirname, '..');
const NAMED_Z = /import \{ z \} from 'zod';/g;

async function bundle(outfile: string, plugins: Plugin[] = []): Promise<number> {
  const result = await build({
    entryPoints: [join(ROOT, 'src/index.ts')],
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
    outfile,
    logLevel: 'error',
    // ESM output needs `require` for the CommonJS packages it bundles (@forge/*).
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    plugins,
  });
  if (result.errors.length > 0) throw new Error(result.errors.map((e) => e.text).join('\n'));
  return readFileSync(outfile).length;
}

function importMs(file: string, runs: number): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - t));`;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      cwd: tmpdir(),
    });
    if (child.status !== 0) throw new Error(`Importing the bundle failed: ${child.stderr.slice(0, 500)}`);
    times.push(Number(child.stdout));
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)]! * 10) / 10;
}

function gz(app: 'admin' | 'portal', allowBuild: boolean): number | 'not built' {
  try {
    return bundleGzipBytes(app);
  } catch {
    if (!allowBuild) return 'not built';
    const scripts =
      (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> })
        .scripts ?? {};
    if (!scripts.build) return 'not built';
    spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
    return gz(app, false);
  }
}

export async function benchSize(
  options: { importRuns?: number; buildStatic?: boolean } = {},
): Promise<SizeResult> {
  const dir = mkdtempSync(join(tmpdir(), 'access-bridge-bench-'));
  try {
    const file = join(dir, 'index.mjs');
    const backendBytes = await bundle(file);
    const ms = importMs(file, options.importRuns ?? 5);
    let named = 0;
    const namespaceZod: Plugin = {
      name: 'namespace-zod',
      setup(b) {
        b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => {
          const source = readFileSync(args.path, 'utf8');
          if (source.includes("import { z } from 'zod';")) named++;
          return { contents: source.replace(NAMED_Z, "import * as z from 'zod';"), loader: 'ts' };
        });
      },
    };
    const alternative = join(dir, 'namespace-zod.mjs');
    const backendBytesNamespaceZod = await bundle(alternative, [namespaceZod]);
    const buildStatic = options.buildStatic ?? true;
    return {
      backendBytes,
      importMs: ms,
      adminGzBytes: gz('admin', buildStatic),
      portalGzBytes: gz('portal', buildStatic),
      backendBytesNamespaceZod,
      namedZodImports: named,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
