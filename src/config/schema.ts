// The configuration: one zod schema, stored in KVS, edited on the admin page (which imports this
// same file for its form rules), loadable from a JSON file in the sandbox. Secrets are never in
// it: a credential only records that its secret exists (see config/secret-keys.ts).
import * as z from 'zod';
import { customBaseUrlProblem } from '../graph/clouds';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const Guid = z
  .string()
  .trim()
  .regex(GUID, 'Must be a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47.')
  .transform((value) => value.toLowerCase());

/** Short ids the app chooses for its own records: safe in KVS keys and URLs. */
export const Slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'Use 1-40 lower-case letters, digits or hyphens.');

const DisplayName = z.string().trim().min(1, 'Required.').max(120, 'At most 120 characters.');

/** Jira ids are decimal strings (issue, request type, service desk, organization). */
const JiraId = z.string().regex(/^\d{1,18}$/, 'Must be a Jira id (digits only).');
const JiraFieldId = z
  .string()
  .regex(
    /^(customfield_\d{1,18}|[a-z][a-zA-Z]{1,40})$/,
    'Must be a Jira field id such as customfield_10050.',
  );

const CustomUrl = z.string().superRefine((value, ctx) => {
  const problem = customBaseUrlProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: `This URL ${problem}.` });
});

export const CredentialSchema = z
  .object({
    id: Slug,
    displayName: DisplayName,
    /** The app registration's application (client) id. */
    clientId: Guid,
    kind: z.enum(['secret', 'certificate']),
    /** When the secret (or certificate key) was last stored; never the secret itself. */
    secretSetAt: z.iso.datetime().optional(),
    /** Certificate credentials: SHA-1 thumbprint (hex) of the uploaded certificate, for display. */
    certificateThumbprint: z
      .string()
      .regex(/^[0-9A-F]{40}$/, 'Must be a SHA-1 thumbprint (40 hex digits).')
      .optional(),
  })
  .strict();

export const OrganizationRefSchema = z.object({ id: JiraId, name: z.string().max(200).default('') }).strict();

export const RelaySchema = z
  .object({
    /** Object id (oid) of the relay Logic App's managed identity in this tenant. */
    objectId: Guid,
    /** Its application (client) id, matched against `appid`/`azp`. */
    appId: Guid.optional(),
    /** The audience the relay requests its token for (our App ID URI or client id): `aud`. */
    audience: z
      .string()
      .trim()
      .min(1, 'Required.')
      .max(300)
      .refine(
        (v) => GUID.test(v) || /^(api|https):\/\/[^\s]+$/.test(v),
        'Use the App ID URI (api://...) or the application id.',
      ),
  })
  .strict();

/** An email domain as the admin types it: trimmed, lower-cased, at least two labels, no "@". */
export const EmailDomain = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(
    /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
    'Use a domain such as contoso.com (no @, no spaces).',
  );

/**
 * What an allow-listed package or catalog needs before the app assigns it. An app-only `adminAdd`
 * skips the package's own approval stages in Entra
 * (https://learn.microsoft.com/en-us/graph/api/entitlementmanagement-post-assignmentrequests),
 * so approval is a property of the item, never of the request type that carries it.
 */
export const RequestableItemSchema = z
  .object({
    /** Requests wait for a final "approve" in JSM's approval record, whatever the request type. */
    jsmApproval: z.boolean().default(false),
    /**
     * The admin accepts JSM's approval in place of the Entra policy's own approval stages: only
     * then may a policy that requires approval be used for a direct assignment.
     */
    jsmApprovalStandsInForEntra: z.boolean().default(false),
  })
  .strict()
  .superRefine((item, ctx) => {
    if (item.jsmApprovalStandsInForEntra && !item.jsmApproval) {
      ctx.addIssue({
        code: 'custom',
        path: ['jsmApprovalStandsInForEntra'],
        message: 'JSM approval can stand in for Entra approval only when JSM approval is required.',
      });
    }
  });

export const TenantSchema = z
  .object({
    tenantId: Guid,
    displayName: DisplayName,
    cloud: z.enum(['global', 'usgov', 'usgovdod', 'china', 'custom']),
    graphBaseUrl: CustomUrl.optional(),
    loginBaseUrl: CustomUrl.optional(),
    credentialId: Slug,
    /** JSM organizations whose reporters belong to this tenant. */
    organizations: z.array(OrganizationRefSchema).max(500).default([]),
    /**
     * Email domains whose reporters belong to this tenant (the MSP fallback when JSM organization
     * membership cannot be read): lower-cased, one tenant per domain (checked below).
     */
    domains: z.array(EmailDomain).max(200).default([]),
    /** The allow-list: only these packages, or packages in these catalogs, can be requested. */
    requestable: z
      .object({
        accessPackageIds: z.array(Guid).max(1000).default([]),
        catalogIds: z.array(Guid).max(200).default([]),
        /**
         * How an allowed package (or every package of a catalog) is granted, by package or catalog
         * id. A package is gated when it or its catalog is marked; absent means no JSM approval.
         */
        items: z
          .record(z.string().regex(GUID, 'Must be a package or catalog id.'), RequestableItemSchema)
          .default({})
          .transform((items) =>
            Object.fromEntries(Object.entries(items).map(([id, item]) => [id.toLowerCase(), item])),
          ),
      })
      .strict()
      .default({ accessPackageIds: [], catalogIds: [], items: {} }),
    /** A policy to use per access package id; otherwise the single policy that admits the user. */
    policyByPackage: z.record(z.string().regex(GUID), Guid).default({}),
    relay: RelaySchema.optional(),
  })
  .strict()
  .superRefine((tenant, ctx) => {
    if (tenant.cloud === 'custom') {
      for (const field of ['graphBaseUrl', 'loginBaseUrl'] as const) {
        if (!tenant[field])
          ctx.addIssue({ code: 'custom', path: [field], message: 'Required for a custom cloud.' });
      }
    } else {
      for (const field of ['graphBaseUrl', 'loginBaseUrl'] as const) {
        if (tenant[field]) {
          ctx.addIssue({ code: 'custom', path: [field], message: 'Only a custom cloud takes its own URLs.' });
        }
      }
    }
  });

export const RequestTypeSchema = z
  .object({
    /** JSM request type id. */
    requestTypeId: JiraId,
    serviceDeskId: JiraId,
    /** The service desk's project and the request type's issue type: the issue-created trigger
     * filters on these, which the slim event carries, so it answers without fetching the issue. */
    projectId: JiraId,
    issueTypeId: JiraId,
    name: z.string().max(200).default(''),
    action: z.enum(['grant', 'remove']),
    /** Field holding the access package id or display name (the portal panel's property wins). */
    packageFieldId: JiraFieldId.optional(),
    justificationFieldId: JiraFieldId.optional(),
    endDateFieldId: JiraFieldId.optional(),
    /**
     * `required`: every request of this type also waits for JSM approval, on top of the packages
     * marked on the allow-list (a request type can add a gate, never remove one).
     * `approvedStatus` is kept so that configurations exported before approvals moved to the
     * allow-list still load; it is ignored: a status name is not an approval decision.
     */
    approval: z
      .object({ required: z.boolean(), approvedStatus: z.string().trim().max(100).optional() })
      .strict()
      .default({ required: false }),
    /** Transition (name or id) that resolves the ticket once access is delivered or removed. */
    doneTransition: z.string().trim().max(100).optional(),
  })
  .strict();

export const OfflineStageSchema = z.enum([
  'assignmentRequestApproved',
  'assignmentRequestRemoved',
  'assignmentFourteenDaysBeforeExpiration',
  'assignmentOneDayBeforeExpiration',
]);

export const OfflineRouteSchema = z
  .object({
    id: Slug,
    tenantId: Guid,
    /** What it routes: one package, one catalog, or (neither) the tenant's default. */
    accessPackageId: Guid.optional(),
    catalogId: Guid.optional(),
    target: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('jsm'), serviceDeskId: JiraId, requestTypeId: JiraId }).strict(),
      z
        .object({
          kind: z.literal('jira'),
          projectKey: z.string().regex(/^[A-Z][A-Z0-9_]{1,9}$/, 'Must be a Jira project key such as IT.'),
          issueTypeId: JiraId,
        })
        .strict(),
    ]),
    /** Jira priority names per stage; removals default to High. */
    priorities: z
      .object({
        approved: z.string().max(60).default('Medium'),
        removed: z.string().max(60).default('High'),
        reminder: z.string().max(60).default('Medium'),
      })
      .strict()
      .default({ approved: 'Medium', removed: 'High', reminder: 'Medium' }),
    assigneeGroup: z.string().max(200).optional(),
    reminder: z.enum(['ticket', 'comment', 'none']).default('comment'),
    /** Resolutions that mean "declined": resume with a denial where the stage allows it. */
    declinedResolutions: z.array(z.string().max(100)).default(["Won't Do", 'Declined']),
  })
  .strict()
  .superRefine((route, ctx) => {
    if (route.accessPackageId && route.catalogId) {
      ctx.addIssue({
        code: 'custom',
        path: ['catalogId'],
        message: 'Route by a package or by a catalog, not both.',
      });
    }
  });

export const SettingsSchema = z
  .object({
    /** How long package and policy look-ups stay cached per tenant. */
    lookupCacheSeconds: z.number().int().min(0).max(3600).default(300),
    /** Give up following an Entra request after this long, with a comment. */
    followUpGiveUpHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 14)
      .default(72),
    /** Raise offline tickets this many days before Entra's callback timeout. */
    offlineWarnDaysBeforeTimeout: z.number().int().min(0).max(13).default(3),
    /** Audit entries kept (oldest dropped first). */
    auditLimit: z.number().int().min(50).max(5000).default(1000),
  })
  .strict();

export const ConfigSchema = z
  .object({
    version: z.literal(1).default(1),
    credentials: z.array(CredentialSchema).max(100).default([]),
    tenants: z.array(TenantSchema).max(500).default([]),
    requestTypes: z.array(RequestTypeSchema).max(100).default([]),
    offlineApps: z.array(OfflineRouteSchema).max(1000).default([]),
    settings: SettingsSchema.default({
      lookupCacheSeconds: 300,
      followUpGiveUpHours: 72,
      offlineWarnDaysBeforeTimeout: 3,
      auditLimit: 1000,
    }),
  })
  .strict()
  .superRefine((config, ctx) => {
    const unique = <T>(
      items: T[],
      key: (item: T) => string,
      path: (index: number) => (string | number)[],
      what: string,
    ) => {
      const seen = new Map<string, number>();
      items.forEach((item, index) => {
        const value = key(item);
        const first = seen.get(value);
        if (first === undefined) seen.set(value, index);
        else
          ctx.addIssue({
            code: 'custom',
            path: path(index),
            message: `${what} (also at item ${first + 1}).`,
          });
      });
    };
    unique(
      config.credentials,
      (c) => c.id,
      (i) => ['credentials', i, 'id'],
      'This credential id is used twice',
    );
    unique(
      config.tenants,
      (t) => t.tenantId,
      (i) => ['tenants', i, 'tenantId'],
      'This tenant is configured twice',
    );
    unique(
      config.requestTypes,
      (r) => r.requestTypeId,
      (i) => ['requestTypes', i, 'requestTypeId'],
      'This request type is configured twice',
    );
    unique(
      config.offlineApps,
      (r) => r.id,
      (i) => ['offlineApps', i, 'id'],
      'This route id is used twice',
    );

    // An organization maps to one tenant only: routing must never guess (DESIGN.md).
    const orgOwner = new Map<string, string>();
    config.tenants.forEach((tenant, t) => {
      tenant.organizations.forEach((org, o) => {
        const owner = orgOwner.get(org.id);
        if (owner && owner !== tenant.tenantId) {
          ctx.addIssue({
            code: 'custom',
            path: ['tenants', t, 'organizations', o],
            message: `Organization ${org.name || org.id} is already mapped to tenant ${owner}.`,
          });
        } else orgOwner.set(org.id, tenant.tenantId);
      });
    });

    // Likewise an email domain: the exactly-one rule runs over organizations and domains together.
    const domainOwner = new Map<string, string>();
    config.tenants.forEach((tenant, t) => {
      tenant.domains.forEach((domain, d) => {
        const owner = domainOwner.get(domain);
        if (owner !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['tenants', t, 'domains', d],
            message:
              owner === tenant.tenantId
                ? `Domain ${domain} is listed twice.`
                : `Domain ${domain} is already mapped to tenant ${owner}.`,
          });
        } else domainOwner.set(domain, tenant.tenantId);
      });
    });

    const credentialIds = new Set(config.credentials.map((c) => c.id));
    config.tenants.forEach((tenant, t) => {
      if (!credentialIds.has(tenant.credentialId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['tenants', t, 'credentialId'],
          message: `No credential "${tenant.credentialId}" exists; add it under Credentials first.`,
        });
      }
    });
    const tenantIds = new Set(config.tenants.map((t) => t.tenantId));
    config.offlineApps.forEach((route, r) => {
      if (!tenantIds.has(route.tenantId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['offlineApps', r, 'tenantId'],
          message: 'This tenant is not configured.',
        });
      }
    });
  });

export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;
export type Credential = z.infer<typeof CredentialSchema>;
export type Tenant = z.infer<typeof TenantSchema>;
export type RequestableItem = z.infer<typeof RequestableItemSchema>;
export type RequestType = z.infer<typeof RequestTypeSchema>;
export type OfflineRoute = z.infer<typeof OfflineRouteSchema>;
export type Settings = z.infer<typeof SettingsSchema>;

export const emptyConfig = (): Config => ConfigSchema.parse({});
