// Scenario 4: size and start. The backend as `forge deploy` bundles it (scripts/build-forge.ts:
// @forge/bundler's webpack configuration, ts-loader on our tsconfig.json, @forge/* bundled in):
// Forge ships it unminified (`optimization.minimize: false` in @forge/bundler 7.3.0
// out/config/common.js), so that is the size reported; the same build through webpack's production
// minifier (terser) is reported beside it for the issue 7 target. Then the bundle's load time in a
// fresh Node process, and the Custom UI pages' JavaScript gzipped (scripts/bundle-size.ts;
// `npm run build` first when a build is missing).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildForge } from '../scripts/build-forge';
import { bundleGzipBytes } from '../scripts/bundle-size';

export interface SizeResult {
  /** index.cjs as `forge deploy` builds and uploads it: not minified. */
  backendBytes: number;
  /** Its source map, uploaded beside it. */
  backendMapBytes: number;
  /** The same webpack build minified by terser: not what Forge ships, for comparison. */
  backendMinifiedBytes: number;
  /** Wall time of the Forge build (ts-loader type-checks the bundled files). */
  buildMs: number;
  /** Median of `runs` loads of the shipped bundle (`require`, as the runtime loads a .cjs), each in a fresh `node` process. */
  importMs: number;
  adminGzBytes: number | 'not built';
  portalGzBytes: number | 'not built';
}

const ROOT = resolve(import.meta.dirname, '..');

function importMs(file: string, runs: number): number {
  const script = `const t = performance.now(); require(${JSON.stringify(file)}); process.stdout.write(String(performance.now() - t));`;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd: tmpdir() });
    if (child.status !== 0) throw new Error(`Loading the bundle failed: ${child.stderr.slice(0, 500)}`);
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
    const shipped = await buildForge({ outputDir: join(dir, 'forge') });
    const minified = await buildForge({ outputDir: join(dir, 'minified'), minimize: true });
    const buildStatic = options.buildStatic ?? true;
    return {
      backendBytes: shipped.bytes,
      backendMapBytes: shipped.mapBytes,
      backendMinifiedBytes: minified.bytes,
      buildMs: shipped.ms,
      importMs: importMs(shipped.files.index!, options.importRuns ?? 5),
      adminGzBytes: gz('admin', buildStatic),
      portalGzBytes: gz('portal', buildStatic),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
