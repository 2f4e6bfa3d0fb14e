// zod shapes shared by the Jira calls. Objects are loose (unknown fields kept, never rejected);
// only the fields the app reads are required. Ids are strings in the REST API but some JSM
// payloads carry numbers, so ids accept both and come out as strings.
import * as z from 'zod';

export const JiraIdSchema = z.union([z.string(), z.number()]).transform(String);

export const JiraUserSchema = z.looseObject({
  accountId: z.string(),
  /** May be absent: a user's profile-visibility settings can hide it from apps. */
  emailAddress: z.string().optional(),
  displayName: z.string().optional(),
  accountType: z.string().optional(),
  active: z.boolean().optional(),
});
export type JiraUser = z.infer<typeof JiraUserSchema>;

export const JiraStatusSchema = z.looseObject({
  id: JiraIdSchema.optional(),
  name: z.string(),
  statusCategory: z.looseObject({
    /** 'new' | 'indeterminate' | 'done' (and 'undefined' for a broken workflow). */
    key: z.string(),
    name: z.string().optional(),
  }),
});
export type JiraStatus = z.infer<typeof JiraStatusSchema>;

export const JiraProjectRefSchema = z.looseObject({
  id: JiraIdSchema,
  key: z.string(),
  name: z.string().optional(),
});
export type JiraProjectRef = z.infer<typeof JiraProjectRefSchema>;

export const JiraIssueTypeRefSchema = z.looseObject({
  id: JiraIdSchema,
  name: z.string().optional(),
});
export type JiraIssueTypeRef = z.infer<typeof JiraIssueTypeRefSchema>;

export const JiraOrganizationSchema = z.looseObject({ id: JiraIdSchema, name: z.string() });
export type JiraOrganization = z.infer<typeof JiraOrganizationSchema>;

/** JSM's paged envelope: `{ size, start, limit, isLastPage, values }`. */
export function jsmPageSchema<T extends z.ZodType>(item: T) {
  return z.looseObject({
    values: z.array(item),
    isLastPage: z.boolean(),
    start: z.number().optional(),
    limit: z.number().optional(),
    size: z.number().optional(),
  });
}
