// National clouds: Graph root and login host per cloud. Source:
// https://learn.microsoft.com/graph/deployments (graph-entitlement.md section 2).
// Every host here must be a Forge egress entry; `npm run check:manifest` enforces it.

export type CloudName = 'global' | 'usgov' | 'usgovdod' | 'china' | 'custom';

export interface Cloud {
  name: CloudName;
  /** Graph root without a trailing slash, e.g. https://graph.microsoft.com */
  graphBaseUrl: string;
  /** Login root without a trailing slash, e.g. https://login.microsoftonline.com */
  loginBaseUrl: string;
  /**
   * Issuer root of v1 access tokens (`iss` = `<root>/<tenant id>/`). sts.windows.net for the
   * global cloud (graph-entitlement.md 5.5); for the US government clouds and China this follows
   * Microsoft's national-cloud docs and is listed in the README under "to confirm on a real tenant".
   */
  v1IssuerBaseUrl: string;
}

export const KNOWN_CLOUDS: Readonly<Record<Exclude<CloudName, 'custom'>, Cloud>> = {
  global: {
    name: 'global',
    graphBaseUrl: 'https://graph.microsoft.com',
    loginBaseUrl: 'https://login.microsoftonline.com',
    v1IssuerBaseUrl: 'https://sts.windows.net',
  },
  // GCC High (L4)
  usgov: {
    name: 'usgov',
    graphBaseUrl: 'https://graph.microsoft.us',
    loginBaseUrl: 'https://login.microsoftonline.us',
    v1IssuerBaseUrl: 'https://sts.windows.net',
  },
  // DoD (L5): own Graph host, same login host as L4
  usgovdod: {
    name: 'usgovdod',
    graphBaseUrl: 'https://dod-graph.microsoft.us',
    loginBaseUrl: 'https://login.microsoftonline.us',
    v1IssuerBaseUrl: 'https://sts.windows.net',
  },
  // 21Vianet. The reference also names login.partner.microsoftonline.cn as the newer login host;
  // to confirm on a real tenant which one issues tokens for new registrations (README).
  china: {
    name: 'china',
    graphBaseUrl: 'https://microsoftgraph.chinacloudapi.cn',
    loginBaseUrl: 'https://login.chinacloudapi.cn',
    v1IssuerBaseUrl: 'https://sts.chinacloudapi.cn',
  },
};

/** Hosts of every built-in cloud, for the manifest's egress check. */
export function builtInCloudOrigins(): string[] {
  const origins = new Set<string>();
  for (const cloud of Object.values(KNOWN_CLOUDS)) {
    origins.add(new URL(cloud.graphBaseUrl).origin);
    origins.add(new URL(cloud.loginBaseUrl).origin);
  }
  return [...origins].sort();
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Why a custom base URL is unacceptable, or undefined when it is fine: https only, except plain
 * http to a loopback address (the sandbox and the tests). No credentials, query or fragment.
 */
export function customBaseUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute URL such as https://graph.example.com';
  }
  if (url.username || url.password) return 'must not contain a user name or password';
  if (url.search || url.hash) return 'must not contain a query or fragment';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return undefined;
  return 'must use https (plain http is allowed only for a loopback address such as 127.0.0.1)';
}

export interface CloudSetting {
  cloud: CloudName;
  graphBaseUrl?: string;
  loginBaseUrl?: string;
}

/** The cloud a tenant uses; throws when a custom cloud's URLs are missing or unsafe. */
export function resolveCloud(setting: CloudSetting): Cloud {
  if (setting.cloud !== 'custom') return KNOWN_CLOUDS[setting.cloud];
  const graphBaseUrl = setting.graphBaseUrl ?? '';
  const loginBaseUrl = setting.loginBaseUrl ?? '';
  for (const [field, value] of [
    ['graphBaseUrl', graphBaseUrl],
    ['loginBaseUrl', loginBaseUrl],
  ] as const) {
    const problem = customBaseUrlProblem(value);
    if (problem) throw new Error(`Custom cloud ${field} ${problem}.`);
  }
  // A custom endpoint speaks Entra's protocol, v1 issuer format included; the trust root is the
  // JWKS fetched from the configured login URL, which signs the tokens.
  return {
    name: 'custom',
    graphBaseUrl: trimSlash(graphBaseUrl),
    loginBaseUrl: trimSlash(loginBaseUrl),
    v1IssuerBaseUrl: 'https://sts.windows.net',
  };
}

/** Client-credentials scope: the cloud's own Graph root + /.default. */
export function graphScope(cloud: Cloud): string {
  return `${cloud.graphBaseUrl}/.default`;
}

function trimSlash(value: string): string {
  return value.replace(/\/+$/, '');
}
