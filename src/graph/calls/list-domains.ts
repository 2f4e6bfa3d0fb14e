// GET /domains: the domains of a customer tenant, every page. Needs the application permission
// Domain.Read.All (least privileged; Directory.Read.All also works).
// https://learn.microsoft.com/graph/api/domain-list
// Only verified domains are offered for routing: an unverified one is a claim anyone can add to
// their own tenant, so it proves nothing about who owns the mailbox.
import * as z from 'zod';
import type { GraphClient } from '../client';
import { encodeQuery } from '../odata';

export interface GraphDomain {
  /** The fully qualified domain name, lower-cased. */
  id: string;
  isVerified: boolean;
  isDefault: boolean;
  isInitial: boolean;
}

export const DomainSchema = z
  .looseObject({
    id: z.string().min(1),
    isVerified: z.boolean().nullish(),
    isDefault: z.boolean().nullish(),
    isInitial: z.boolean().nullish(),
  })
  .transform((d): GraphDomain => ({
    id: d.id.toLowerCase(),
    isVerified: d.isVerified === true,
    isDefault: d.isDefault === true,
    isInitial: d.isInitial === true,
  }));

export async function listDomains(graph: GraphClient): Promise<GraphDomain[]> {
  const query = encodeQuery({ $select: 'id,isVerified,isDefault,isInitial' });
  return graph.getAllPages(`/v1.0/domains${query}`, DomainSchema);
}
