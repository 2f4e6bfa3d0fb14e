// What the allow-list says about one package: its own mark and its catalog's, combined so that
// the stricter one wins for approval (either marked: it waits) and a stand-in needs an explicit
// mark on the package or its catalog.
import type { Tenant } from './schema';

export interface ItemRules {
  /** Requests for it wait for a final "approve" in JSM's approval record. */
  jsmApproval: boolean;
  /** JSM's approval stands in for the Entra policy's approval stages (adminAdd skips them). */
  jsmApprovalStandsInForEntra: boolean;
}

export function itemRules(tenant: Tenant, accessPackageId: string, catalogId?: string): ItemRules {
  const items = tenant.requestable.items;
  const own = items[accessPackageId.toLowerCase()];
  const catalog = catalogId ? items[catalogId.toLowerCase()] : undefined;
  const jsmApproval = Boolean(own?.jsmApproval || catalog?.jsmApproval);
  return {
    jsmApproval,
    jsmApprovalStandsInForEntra:
      jsmApproval && Boolean(own?.jsmApprovalStandsInForEntra || catalog?.jsmApprovalStandsInForEntra),
  };
}
