// The caller of a portal operation, read from the invocation context only: on Forge the platform
// builds `request.context` (account, module, extension data) and the page cannot change it,
// whereas the payload is whatever the page, or someone imitating it, sends. The extension data
// differs by module; the shapes below are the ones documented for the three modules
// (forge-platform.md addendum; "to confirm on a real site" for the create panel's request type).
import * as z from 'zod';
import type { PortalCaller, PortalSurface } from './deps';

/** Module keys in manifest.yml. */
export const PORTAL_MODULES: Record<string, PortalSurface> = {
  'package-picker': 'picker',
  'request-status': 'status',
  'agent-status': 'agent',
};

const EXTENSION_TYPES: Record<string, PortalSurface> = {
  'jiraServiceManagement:portalRequestCreatePropertyPanel': 'picker',
  'jiraServiceManagement:portalRequestDetail': 'status',
  'jira:issueContext': 'agent',
};

const Id = z.union([z.string().regex(/^\d{1,18}$/), z.number().int().nonnegative()]).transform(String);
const IssueKey = z.string().regex(/^[A-Z][A-Z0-9_]{0,49}-\d{1,18}$/);

const ContextSchema = z.looseObject({
  accountId: z.string().min(1).max(200),
  moduleKey: z.string().optional(),
  extension: z
    .looseObject({
      type: z.string().optional(),
      request: z.looseObject({ key: IssueKey.optional(), typeId: Id.optional() }).optional(),
      requestType: z.looseObject({ id: Id.optional() }).optional(),
      issue: z.looseObject({ key: IssueKey.optional() }).optional(),
    })
    .optional(),
});

/** undefined when the context names no signed-in caller or no portal module of this app. */
export function callerFromContext(context: unknown): PortalCaller | undefined {
  const parsed = ContextSchema.safeParse(context);
  if (!parsed.success) return undefined;
  const { accountId, moduleKey, extension } = parsed.data;
  const surface = lookup(PORTAL_MODULES, moduleKey) ?? lookup(EXTENSION_TYPES, extension?.type);
  if (!surface) return undefined;
  if (surface === 'picker') {
    return { accountId, surface, requestTypeId: extension?.request?.typeId ?? extension?.requestType?.id };
  }
  const issueKey =
    surface === 'agent'
      ? (extension?.issue?.key ?? extension?.request?.key)
      : (extension?.request?.key ?? extension?.issue?.key);
  return { accountId, surface, issueKey };
}

const lookup = (table: Record<string, PortalSurface>, key: string | undefined): PortalSurface | undefined =>
  key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
