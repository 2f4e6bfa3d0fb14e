// Where a customer requests a package themselves, with its policy's own approval stages: the My
// Access portal. The link form is Microsoft's "Share link to request an access package":
// https://myaccess.microsoft.com/@<directory_hint>#/access-packages/<access_package_id>, and
// "for US Government, the domain in the My Access portal link will be myaccess.microsoft.us"
// (https://learn.microsoft.com/en-us/entra/id-governance/entitlement-management-access-package-settings).
// The directory hint is documented as the tenant's domain; the tenant id is used here (to confirm
// on a real tenant). No host is documented for China (21Vianet) or custom clouds: no link then.
import type { Tenant } from '../../config/schema';

const HOSTS: Partial<Record<Tenant['cloud'], string>> = {
  global: 'https://myaccess.microsoft.com',
  usgov: 'https://myaccess.microsoft.us',
  usgovdod: 'https://myaccess.microsoft.us',
};

export function myAccessLink(
  tenant: Pick<Tenant, 'cloud' | 'tenantId'>,
  accessPackageId: string,
): string | undefined {
  const host = HOSTS[tenant.cloud];
  if (!host) return undefined;
  return `${host}/@${encodeURIComponent(tenant.tenantId)}#/access-packages/${encodeURIComponent(accessPackageId)}`;
}
