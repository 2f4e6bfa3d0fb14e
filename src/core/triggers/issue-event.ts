// The slim Jira issue events (forge-platform.md section 2). Only what the triggers filter on is
// required; everything else may be absent or change shape without breaking the trigger.
import * as z from 'zod';

const Id = z
  .union([z.string(), z.number()])
  .transform(String)
  .pipe(z.string().regex(/^\d{1,18}$/));

export const IssueEventSchema = z.looseObject({
  eventType: z.string().optional(),
  issue: z.looseObject({
    id: Id,
    key: z.string().max(255).optional(),
    fields: z
      .looseObject({
        // Camel-case in events (unlike REST `issuetype`); accept both.
        issueType: z.looseObject({ id: Id }).optional(),
        issuetype: z.looseObject({ id: Id }).optional(),
        project: z.looseObject({ id: Id }).optional(),
        status: z.looseObject({ name: z.string().optional() }).optional(),
      })
      .optional(),
  }),
  changelog: z
    .looseObject({
      id: z
        .union([z.string(), z.number()])
        .transform(String)
        .pipe(z.string().regex(/^[A-Za-z0-9_-]{1,40}$/)) // it becomes part of a KVS key
        .optional()
        .catch(undefined),
      // Items carry a property named `toString`: read as own properties only (statusChangeTo), since
      // a schema key `toString` would see Object.prototype.toString on items without one.
      items: z.array(z.record(z.string(), z.unknown())).optional(),
    })
    .optional(),
});

export type IssueEvent = z.infer<typeof IssueEventSchema>;

export function projectAndType(event: IssueEvent): { projectId?: string; issueTypeId?: string } {
  const fields = event.issue.fields;
  return { projectId: fields?.project?.id, issueTypeId: (fields?.issueType ?? fields?.issuetype)?.id };
}

/** The status an issue moved to, from the changelog, or undefined. */
export function statusChangeTo(event: IssueEvent): string | undefined {
  for (const item of event.changelog?.items ?? []) {
    const field = Object.hasOwn(item, 'fieldId') ? item.fieldId : item.field;
    const to = Object.hasOwn(item, 'toString') ? item['toString'] : undefined;
    if (field === 'status' && typeof to === 'string') return to;
  }
  return undefined;
}
