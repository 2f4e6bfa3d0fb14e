// The JSM customer request as /rest/servicedeskapi/request returns it.
import * as z from 'zod';
import { JiraIdSchema, JiraUserSchema } from './schemas';

export const CustomerRequestSchema = z.looseObject({
  issueId: JiraIdSchema,
  issueKey: z.string(),
  requestTypeId: JiraIdSchema,
  serviceDeskId: JiraIdSchema,
  /** JSM shows customers' email addresses here even when the platform API hides them. */
  reporter: JiraUserSchema.optional(),
  currentStatus: z
    .looseObject({
      status: z.string(),
      /** 'NEW' | 'INDETERMINATE' | 'DONE' (JSM spells them upper-case). */
      statusCategory: z.string().optional(),
    })
    .optional(),
});
export type CustomerRequest = z.infer<typeof CustomerRequestSchema>;
