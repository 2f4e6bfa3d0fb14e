// The webpack configuration `forge deploy` uses for the backend, copied from @forge/bundler 7.3.0:
// `getCommonWebpackConfig` in out/config/common.js, plus what `NodeBundler.getConfigs` in
// out/runtime.js adds for the Node runtime (target, .cjs file names, fully-specified ESM off).
// https://www.npmjs.com/package/@forge/bundler (source: the published package's out/ folder).
// "By default, Forge packages your application code before uploading by compiling TypeScript and
// bundling the application dependencies using Webpack":
// https://developer.atlassian.com/platform/forge/manifest-reference/packaging (manual packaging,
// which would let us ship our own build, is an EAP feature not usable in production).
//
// A copy, not a call: @forge/bundler depends on @forge/cli-shared, which depends on keytar, whose
// install step compiles a native module against libsecret; `npm ci` fails on a machine without
// libsecret's headers (CI's), and the package brings 400 packages (240 MB) for this one object.
// Checked against the real thing: @forge/bundler 7.3.0's NodeBundler.getConfigs, run with its own
// webpack, ts-loader and TypeScript 5.9.2, gave an index.cjs and source map byte-identical to ours.
// What the copy leaves out, and why that changes nothing for this app:
// - the babel-loader rule for `.js`/`.jsx` outside node_modules: src/ has TypeScript only, and
//   scripts/build-forge.ts refuses a bundle that contains such a module;
// - `resolveLoader.modules` (the CLI's own node_modules): here the loaders are devDependencies;
// - output.path (the CLI writes to a temporary folder) and entry points (the CLI derives them from
//   the manifest's handlers the same way: `index.x` -> src/index).
import { resolve } from 'node:path';
import webpack from 'webpack';

export interface ForgeWebpackOptions {
  /** The app's folder: its tsconfig.json is the one ts-loader reads, as `forge deploy` does. */
  appDirectory: string;
  /** Where index.cjs and its source map go. */
  outputDir: string;
  /** Entry name -> file, e.g. { index: '<app>/src/index' } for handlers `index.*`. */
  entry: Record<string, string>;
  /**
   * Forge ships the bundle unminified (`optimization.minimize: false`). True measures the same
   * build through webpack's production minifier (terser) instead, for comparison only.
   */
  minimize?: boolean;
}

export function forgeWebpackConfig(options: ForgeWebpackOptions): webpack.Configuration {
  const { appDirectory } = options;
  return {
    // getCommonWebpackConfig
    entry: options.entry,
    context: appDirectory, // the CLI runs in the app's folder: webpack's default context is the cwd
    mode: 'production',
    optimization: { minimize: options.minimize ?? false },
    devtool: 'source-map', // getDevToolConfig without watch mode (`forge deploy`)
    output: {
      libraryTarget: 'commonjs',
      globalObject: 'this',
      filename: '[name].cjs', // NodeBundler: '[name].cjs' instead of '[name].js'
      path: options.outputDir,
    },
    node: { __dirname: true },
    performance: false,
    resolve: { extensions: ['.ts', '.tsx', '.js', '.jsx', '.json', '.cjs'] },
    plugins: [
      new webpack.IgnorePlugin({ resourceRegExp: /^encoding$/, contextRegExp: /node-fetch/ }),
      new webpack.IgnorePlugin({
        resourceRegExp: /^(bufferutil|utf-8-validate)$/,
        contextRegExp: /ws\/lib$/,
      }),
      new webpack.IgnorePlugin({ resourceRegExp: /^dtrace-provider$/, contextRegExp: /bunyan$/ }),
    ],
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: [
            {
              loader: 'ts-loader',
              options: {
                // The only options Forge overrides; everything else comes from tsconfig.json.
                compilerOptions: { jsx: 'react', jsxFactory: 'ForgeUI.createElement', sourceMap: true },
                configFile: resolve(appDirectory, 'tsconfig.json'),
                context: appDirectory,
                onlyCompileBundledFiles: true,
              },
            },
          ],
        },
        // NodeBundler.getConfigs
        { test: /\.m?js$/, resolve: { fullySpecified: false } },
      ],
    },
    // NodeBundler.getConfigs
    target: 'node18',
    name: 'node-runtime',
  };
}
