// `npm run check:manifest [-- --after-build]`: the offline manifest checks (scripts/manifest-checks.ts).
// Without --after-build the static builds need not exist: only their source folders are checked.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtInCloudOrigins } from '../src/graph/clouds';
import { formatReport, runAllChecks } from './manifest-checks';

const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const afterBuild = process.argv.includes('--after-build');

const results = await runAllChecks(rootDir, { afterBuild, origins: builtInCloudOrigins() });
const { lines, failed } = formatReport(results);
for (const line of lines) console.log(line);
process.exitCode = failed === 0 ? 0 : 1;
