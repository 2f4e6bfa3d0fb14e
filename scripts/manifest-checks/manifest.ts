// The manifest as the checks read it: parsed from YAML and checked with zod for the fields they use
// (unknown fields allowed; @forge/manifest's validate() checks the full schema).
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

export interface CheckResult {
  name: string;
  passed: string[];
  failed: string[];
  /** What was (or was not) looked at, for the reader of the CI log. */
  notes: string[];
}

const ModuleEntry = z.record(z.string(), z.unknown());
const ManifestShape = z.object({
  modules: z.record(z.string(), z.array(ModuleEntry)).default({}),
  resources: z.array(z.object({ key: z.string(), path: z.string() })).default([]),
  permissions: z
    .object({
      external: z.record(z.string(), z.unknown()).optional(),
      content: z.unknown().optional(),
    })
    .optional(),
});
export type Manifest = z.infer<typeof ManifestShape>;

const FunctionEntry = z.object({
  key: z.string(),
  handler: z.string(),
  timeoutSeconds: z.number().optional(),
});
type FunctionEntry = z.infer<typeof FunctionEntry>;

export function loadManifest(manifestPath: string): Manifest {
  return ManifestShape.parse(parseYaml(readFileSync(manifestPath, 'utf8')));
}

export function result(name: string): CheckResult {
  return { name, passed: [], failed: [], notes: [] };
}

export function functionsOf(manifest: Manifest): FunctionEntry[] {
  return (manifest.modules.function ?? []).map((entry) => FunctionEntry.parse(entry));
}
