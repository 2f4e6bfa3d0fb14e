// Entitlement management root, v1.0 (graph-entitlement.md: "EM").
export const EM = '/v1.0/identityGovernance/entitlementManagement';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isGuid = (value: string): boolean => GUID.test(value);

/** Graph object ids are GUIDs, compared without regard to case. */
export const sameId = (a: string | undefined, b: string | undefined): boolean =>
  a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
