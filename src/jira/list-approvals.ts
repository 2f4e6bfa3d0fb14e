// GET /rest/servicedeskapi/request/{issueIdOrKey}/approval?start=&limit=: the request's JSM
// approvals, all pages (PagedDTOApprovalDTO: size, start, limit, isLastPage, values).
// https://developer.atlassian.com/cloud/jira/service-desk/rest/api-group-request/#api-rest-servicedeskapi-request-issueidorkey-approval-get
// Each ApprovalDTO carries `finalDecision` ("approved" | "declined" | "pending"), its approvers
// with their own decisions, and `createdDate` / `completedDate` as DateDTO.
// "Permissions required: Permission to view the customer request."
import * as z from 'zod';
import type { Jira } from '../core/ports';
import { collectJsmPages } from './jsm-pages';
import { jiraPath } from './path';

/** DateDTO: the documented forms of one instant; `epochMillis` is the one we compare. */
const DateSchema = z.looseObject({
  epochMillis: z.number().int().optional(),
  iso8601: z.string().optional(),
});

const DecisionSchema = z.string().transform((value) => value.toLowerCase());

export const ApprovalSchema = z
  .looseObject({
    id: z.union([z.string(), z.number()]).transform(String),
    name: z.string().optional(),
    // Documented values: approved, declined, pending. Anything else counts as not decided.
    finalDecision: DecisionSchema,
    canAnswerApproval: z.boolean().optional(),
    approvers: z
      .array(
        z.looseObject({
          approver: z
            .looseObject({
              accountId: z.string().optional(),
              displayName: z.string().optional(),
            })
            .optional(),
          approverDecision: DecisionSchema.optional(),
        }),
      )
      .default([]),
    createdDate: DateSchema.optional(),
    completedDate: DateSchema.optional(),
  })
  .transform((a) => ({
    id: a.id,
    name: a.name,
    finalDecision: a.finalDecision,
    approvers: a.approvers.map((x) => ({
      accountId: x.approver?.accountId,
      displayName: x.approver?.displayName,
      decision: x.approverDecision,
    })),
    createdAt: epochOf(a.createdDate),
    completedAt: epochOf(a.completedDate),
  }));

export type JsmApproval = z.infer<typeof ApprovalSchema>;

function epochOf(date: z.infer<typeof DateSchema> | undefined): number | undefined {
  if (!date) return undefined;
  if (date.epochMillis !== undefined) return date.epochMillis;
  const parsed = date.iso8601 ? Date.parse(date.iso8601) : Number.NaN;
  return Number.isNaN(parsed) ? undefined : parsed;
}

export async function listApprovals(jira: Jira, issueIdOrKey: string): Promise<JsmApproval[]> {
  return collectJsmPages(
    jira,
    jiraPath`/rest/servicedeskapi/request/${issueIdOrKey}/approval`,
    {},
    ApprovalSchema,
  );
}
