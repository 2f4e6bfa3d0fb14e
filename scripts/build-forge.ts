// `npm run build:forge`: the backend bundled as `forge deploy` bundles it (webpack + ts-loader on
// the app's own tsconfig.json, scripts/build-forge-config.ts), into build/forge/ (git-ignored):
// index.cjs, what Forge uploads and loads, and index.cjs.map. The entry points come from the
// manifest's function handlers (`index.x` -> src/index), as @forge/bundler's getEntryPoints does.
// Options: --out <folder>; --minified (the same build through terser, for comparison only).
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import webpack from 'webpack';
import { forgeWebpackConfig } from './build-forge-config';
import { functionsOf, loadManifest } from './manifest-checks/manifest';

export const ROOT = resolve(import.meta.dirname, '..');
export const FORGE_BUILD_DIR = join(ROOT, 'build', 'forge');

export interface ManifestHandler {
  /** The function's key in manifest.yml. */
  key: string;
  /** The module, `index` for `index.onIssueCreated`: src/index, bundled as index.cjs. */
  module: string;
  /** The export the runtime calls. */
  exportName: string;
}

export interface ForgeBuild {
  outputDir: string;
  /** Entry module -> absolute path of its .cjs. */
  files: Record<string, string>;
  /** Bytes of every .cjs together: what the runtime loads. */
  bytes: number;
  /** Bytes of the source maps Forge uploads beside them. */
  mapBytes: number;
  ms: number;
  handlers: ManifestHandler[];
  warnings: string[];
}

/** Every function handler in manifest.yml, `<module>.<export>`. */
export function manifestHandlers(root: string = ROOT): ManifestHandler[] {
  return functionsOf(loadManifest(join(root, 'manifest.yml'))).map((fn) => {
    const dot = fn.handler.lastIndexOf('.');
    if (dot <= 0) throw new Error(`function ${fn.key}: handler "${fn.handler}" is not <module>.<export>`);
    return { key: fn.key, module: fn.handler.slice(0, dot), exportName: fn.handler.slice(dot + 1) };
  });
}

function run(config: webpack.Configuration): Promise<webpack.Stats> {
  const compiler = webpack(config);
  return new Promise((done, fail) => {
    compiler.run((error, stats) => {
      compiler.close(() => undefined);
      if (error) fail(error);
      else if (!stats) fail(new Error('webpack returned no stats'));
      else done(stats);
    });
  });
}

/**
 * Builds into `outputDir` (emptied first). Throws with webpack's messages when the build fails,
 * as `forge deploy` does (ts-loader type errors included), and when a bundled module outside
 * node_modules is JavaScript: Forge would send it through babel-loader, which the copy omits.
 */
export async function buildForge(
  options: { outputDir?: string; minimize?: boolean; root?: string } = {},
): Promise<ForgeBuild> {
  const root = options.root ?? ROOT;
  const outputDir = resolve(options.outputDir ?? FORGE_BUILD_DIR);
  const handlers = manifestHandlers(root);
  const modules = [...new Set(handlers.map((h) => h.module))];
  const entry = Object.fromEntries(modules.map((m) => [m, resolve(root, 'src', m)]));
  rmSync(outputDir, { recursive: true, force: true });
  mkdirSync(outputDir, { recursive: true });

  const started = performance.now();
  const stats = await run(
    forgeWebpackConfig({ appDirectory: root, outputDir, entry, minimize: options.minimize }),
  );
  const ms = Math.round(performance.now() - started);
  const info = stats.toJson({ all: false, errors: true, warnings: true, modules: true, nestedModules: true });
  if (stats.hasErrors()) {
    throw new Error(`The Forge bundle failed:\n${(info.errors ?? []).map((e) => e.message).join('\n\n')}`);
  }
  const names = (info.modules ?? []).flatMap((m) => [
    m.name ?? '',
    ...(m.modules ?? []).map((n) => n.name ?? ''),
  ]);
  const plainJs = names.filter((name) => /\.jsx?$/.test(name) && !name.includes('node_modules'));
  if (plainJs.length > 0) {
    throw new Error(
      `Forge would run these through babel-loader, which build:forge does not: ${plainJs.join(', ')}`,
    );
  }

  const files = Object.fromEntries(modules.map((m) => [m, join(outputDir, `${m}.cjs`)]));
  const size = (file: string) => readFileSync(file).length;
  return {
    outputDir,
    files,
    bytes: Object.values(files).reduce((sum, file) => sum + size(file), 0),
    mapBytes: Object.values(files).reduce((sum, file) => sum + size(`${file}.map`), 0),
    ms,
    handlers,
    warnings: (info.warnings ?? []).map((w) => w.message),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const out = args.indexOf('--out');
  const build = await buildForge({
    outputDir: out >= 0 ? args[out + 1] : undefined,
    minimize: args.includes('--minified'),
  });
  for (const warning of build.warnings) console.warn(`warning: ${warning}`);
  for (const file of Object.values(build.files)) console.log(`wrote ${file}`);
  console.log(
    `${build.bytes.toLocaleString('en-US')} bytes of JavaScript${args.includes('--minified') ? ' (minified, for comparison)' : ' (unminified, as forge deploy ships it)'}, ${build.mapBytes.toLocaleString('en-US')} bytes of source map, built in ${(build.ms / 1000).toFixed(1)} s`,
  );
}
