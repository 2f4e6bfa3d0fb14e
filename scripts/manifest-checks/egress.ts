// Egress: the manifest's backend fetch permissions against the clouds the code can call.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { result, type CheckResult, type Manifest } from './manifest';

/**
 * Hosts that src/graph/clouds.ts may name in string literals without the app ever calling them,
 * each with its reason. Anything else named there must be a declared egress address.
 */
export const NOT_CALLED_HOSTS: Readonly<Record<string, string>> = {
  'learn.microsoft.com': 'documentation link',
  'sts.windows.net': 'v1 token issuer (`iss`) compared as a string; keys come from the login host',
  'sts.chinacloudapi.cn': 'v1 token issuer (`iss`) of the China cloud, compared as a string',
};

/** Egress addresses allowed beyond the built-in clouds' origins. Empty: declare nothing beyond need. */
export const EXTRA_EGRESS_ADDRESSES: readonly string[] = [];
/** `https://x.example.com/path`, `*.example.com`, `*` -> a host pattern in lower case. */
function hostPattern(address: string): string {
  return address
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
    .replace(/[/?#].*$/, '')
    .toLowerCase();
}

function hostMatches(pattern: string, host: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1));
  return pattern === host;
}

/**
 * Every built-in cloud origin is a backend egress entry in object form; every https literal in
 * src/graph/clouds.ts is declared (or in NOT_CALLED_HOSTS); nothing else is declared.
 */
export function checkEgress(
  manifest: Manifest,
  rootDir: string,
  origins: readonly string[],
  options: { notCalledHosts?: readonly string[]; extraAddresses?: readonly string[] } = {},
): CheckResult {
  const out = result('egress: backend fetch matches the clouds in src/graph/clouds.ts');
  const external = manifest.permissions?.external ?? {};
  const fetchPermissions = z
    .looseObject({ backend: z.array(z.unknown()).optional() })
    .safeParse(external.fetch);
  const backend = fetchPermissions.success ? (fetchPermissions.data.backend ?? []) : [];
  const addresses: string[] = [];
  for (const entry of backend) {
    if (typeof entry === 'string')
      out.failed.push(`egress "${entry}" uses the deprecated string form; write "- address: ${entry}"`);
    else if (
      entry &&
      typeof entry === 'object' &&
      typeof (entry as { address?: unknown }).address === 'string'
    ) {
      addresses.push((entry as { address: string }).address);
    } else out.failed.push(`egress entry ${JSON.stringify(entry)} has no address`);
  }
  const patterns = addresses.map(hostPattern);
  const declared = (host: string) => patterns.some((pattern) => hostMatches(pattern, host));

  for (const origin of origins) {
    const host = new URL(origin).host.toLowerCase();
    if (declared(host)) out.passed.push(`${origin} declared`);
    else out.failed.push(`${origin} (a built-in cloud) is not in permissions.external.fetch.backend`);
  }

  const cloudsFile = join(rootDir, 'src', 'graph', 'clouds.ts');
  const notCalled = options.notCalledHosts ?? Object.keys(NOT_CALLED_HOSTS);
  if (existsSync(cloudsFile)) {
    const literals = readFileSync(cloudsFile, 'utf8').matchAll(/['"`](https:\/\/[^'"`\s]+)/g);
    for (const [, literal = ''] of literals) {
      const host = new URL(literal).host.toLowerCase();
      if (declared(host) || notCalled.includes(host)) continue;
      out.failed.push(`src/graph/clouds.ts names ${literal}, whose host is not a declared egress address`);
    }
    out.notes.push('scanned string literals of src/graph/clouds.ts');
  } else out.failed.push('src/graph/clouds.ts is missing');

  const needed = new Set([...origins.map((o) => new URL(o).host.toLowerCase())]);
  const extra = new Set((options.extraAddresses ?? EXTRA_EGRESS_ADDRESSES).map(hostPattern));
  for (const [i, pattern] of patterns.entries()) {
    if (needed.has(pattern) || extra.has(pattern)) continue;
    out.failed.push(
      `egress ${addresses[i]} is no built-in cloud: remove it, or list it in EXTRA_EGRESS_ADDRESSES with a reason`,
    );
  }
  for (const kind of Object.keys(external).filter((k) => k !== 'fetch')) {
    out.failed.push(`permissions.external.${kind} is declared; Custom UI here needs none`);
  }
  if (fetchPermissions.success && fetchPermissions.data.client !== undefined) {
    out.failed.push(
      'permissions.external.fetch.client is declared; Custom UI calls go through @forge/bridge',
    );
  }
  if (manifest.permissions?.content !== undefined)
    out.failed.push('permissions.content is declared; Custom UI here needs none');
  return out;
}
