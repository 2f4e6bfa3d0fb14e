// Microsoft Graph v1.0 emulator for the entitlement-management calls the app makes, strict about
// the contract (test/contracts/identity-governance.extract.json plus the known-gaps overlay),
// auth (tokens from the Entra login emulator), query encoding and OData. Multi-tenant: the
// token's `tid` selects the tenant's data.
import {
  createContractValidator,
  loadContract,
  type ContractValidator,
} from '../../../test/contracts/validator';
import type { EntraLogin } from '../entra-login';
import { startHttpServer } from '../shared/http';
import { emptyCounters, RequestLog, type Counters, type LoggedRequest } from './counters';
import { FaultInjector, type Faults } from './faults';
import { TenantData } from './lifecycle';
import { Pager } from './paging';
import {
  createGraphHandler,
  type EmulatedCloud,
  type GraphEmulatorSettings,
  type PlusInQuery,
} from './server';

export type { FaultSpec, Faults } from './faults';
export type { EmulatedCloud, GraphEmulatorSettings, PlusInQuery } from './server';
export type { Counters, LoggedRequest } from './counters';
export { TenantData } from './lifecycle';
export type * from './data-model';
export { parseFilter, matchesFilter, odataLiteral, FilterSyntaxError, type FilterExpr } from './odata-filter';

export interface GraphEmulatorOptions {
  login: EntraLogin;
  /** Added to every call; a FaultSpec's latencyMs overrides it. Default 0. */
  latencyMs?: number;
  /** Milliseconds since the epoch; default Date.now. Token expiry, timestamps, rate-limit refill. */
  now?: () => number;
  /** 'strict' (default) validates every request and answer against the contract. */
  contract?: 'strict' | 'off';
  /** How a raw '+' in a query string reads: 'reject' (default, 400), 'literal' (RFC 3986) or 'space'. */
  plusInQuery?: PlusInQuery;
  /**
   * The URL the app believes it calls (e.g. https://graph.microsoft.com in the sandbox, whose Http
   * routes that origin here): token audience, @odata links. Default: the local URL.
   */
  publicUrl?: string;
  /**
   * The cloud this emulator stands for (default 'global'). In 'usgov', 'usgovdod' and 'china'
   * the actions Microsoft documents for the global service only are refused (resume); 'custom'
   * behaves as global (a test double of it).
   */
  cloud?: EmulatedCloud;
  /** Reuse a validator across emulators in one process (compiling the schemas takes ~0.5 s). */
  validator?: ContractValidator;
  /** Behaviour the documentation leaves open (default: the strictest reading). */
  settings?: Partial<GraphEmulatorSettings>;
}

export interface GraphEmulator {
  /** Base URL without /v1.0, e.g. http://127.0.0.1:PORT. */
  url: string;
  /** The audience and link base: `publicUrl` if given, else `url`. */
  publicUrl: string;
  close(): Promise<void>;
  /** The tenant's data, created on first use. */
  tenant(tenantId: string): TenantData;
  faults: Faults;
  /** Behaviour the documentation leaves open; change it at any time. */
  readonly settings: GraphEmulatorSettings;
  readonly counters: Counters;
  resetCounters(): void;
  /** The last 1,000 requests, oldest first. */
  readonly requests: LoggedRequest[];
  clearRequests(): void;
}

export async function startGraphEmulator(options: GraphEmulatorOptions): Promise<GraphEmulator> {
  const now = options.now ?? Date.now;
  const validator = options.validator ?? createContractValidator(loadContract('identity-governance'));
  const tenants = new Map<string, TenantData>();
  const tenant = (id: string): TenantData => {
    const key = id.toLowerCase();
    let data = tenants.get(key);
    if (!data) {
      data = new TenantData(key, now);
      tenants.set(key, data);
    }
    return data;
  };
  let counters = emptyCounters();
  const log = new RequestLog();
  const faults = new FaultInjector(now);
  let baseUrl = '';
  const settings: GraphEmulatorSettings = { undocumentedExpand: 'reject', ...options.settings };
  const server = await startHttpServer(
    createGraphHandler({
      login: options.login,
      validator,
      strict: (options.contract ?? 'strict') === 'strict',
      now,
      latencyMs: options.latencyMs ?? 0,
      faults,
      counters: () => counters,
      log,
      pager: new Pager(),
      tenant,
      baseUrl: () => baseUrl,
      plusInQuery: options.plusInQuery ?? 'reject',
      cloud: options.cloud ?? 'global',
      settings,
    }),
  );
  baseUrl = options.publicUrl?.replace(/\/+$/, '') ?? server.url;
  options.login.allowResource(baseUrl);
  return {
    url: server.url,
    publicUrl: baseUrl,
    close: server.close,
    tenant,
    faults,
    settings,
    get counters() {
      return counters;
    },
    resetCounters() {
      counters = emptyCounters();
    },
    get requests() {
      return log.all();
    },
    clearRequests: () => log.clear(),
  };
}
