// The audit trail, newest first, filtered on the server (the store keeps it bounded: audit.ts).
import * as z from 'zod';
import { listAudit, type AuditEntry } from '../audit';
import { adminOperation } from './deps';

const Filter = z
  .object({
    kind: z.enum(['ticket', 'callout', 'admin']).optional(),
    outcome: z.enum(['ok', 'refused', 'failed', 'ignored', 'duplicate']).optional(),
    tenantId: z.string().max(64).optional(),
    text: z.string().max(200).optional(),
  })
  .strict();

export const listAuditTrail = adminOperation({
  input: z
    .object({ filter: Filter.default({}), limit: z.number().int().min(1).max(500).default(100) })
    .strict(),
  async run(deps, input): Promise<AuditEntry[]> {
    const filter = Object.fromEntries(
      Object.entries(input.filter).filter(([, v]) => v !== undefined && v !== ''),
    );
    return listAudit(deps.store, { limit: input.limit, filter });
  },
});
