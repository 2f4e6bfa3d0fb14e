// The offline checks behind `npm run check:manifest` (scripts/check-manifest.ts). `forge lint` needs
// an Atlassian login, so CI relies on @forge/manifest's validate() plus the project rules below
// (forge-platform.md sections 1, 8 and 10). Each check returns the items it passed and the ones it
// failed, so the runner can print both and the tests can assert on them.
export { checkEgress, EXTRA_EGRESS_ADDRESSES, NOT_CALLED_HOSTS } from './manifest-checks/egress';
export { checkForgeImports, forgeImportProblem } from './manifest-checks/forge-imports';
export { checkFunctionTimeouts } from './manifest-checks/function-timeouts';
export { checkHandlers, type ModuleLoader } from './manifest-checks/handlers';
export { loadManifest, type CheckResult, type Manifest } from './manifest-checks/manifest';
export { checkResources, sourceFolderOf } from './manifest-checks/resources';
export { formatReport, runAllChecks, type RunOptions } from './manifest-checks/run';
export { checkSchema } from './manifest-checks/schema';
