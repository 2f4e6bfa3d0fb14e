// The scopes manifest.yml declares: the Jira emulator's default granted scopes, so a scope the
// app needs but the manifest lacks fails in tests the way it would on a site.
import { readFileSync } from 'node:fs';
import YAML from 'yaml';

export function manifestScopes(): string[] {
  const text = readFileSync(new URL('../../../manifest.yml', import.meta.url), 'utf8');
  const manifest = YAML.parse(text) as { permissions?: { scopes?: unknown } };
  const scopes = manifest.permissions?.scopes;
  return Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === 'string') : [];
}
