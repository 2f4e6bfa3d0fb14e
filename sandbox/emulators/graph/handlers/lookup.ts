// Id lookups shared by the handlers: GUID keys compare case-insensitively, as Graph's do.

export function byId<T extends { id: string }>(map: Map<string, T>, id: string): T | undefined {
  const direct = map.get(id);
  if (direct) return direct;
  const lower = id.toLowerCase();
  for (const value of map.values()) if (value.id.toLowerCase() === lower) return value;
  return undefined;
}

export const EM_CONTEXT = 'identityGovernance/entitlementManagement';
