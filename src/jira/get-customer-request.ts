// GET /rest/servicedeskapi/request/{key}: the request as JSM sees it. Its reporter carries the
// customer's email address, the fallback when the platform API hides it (privacy settings).
import type { Jira } from '../core/ports';
import { jiraCall } from './call';
import { CustomerRequestSchema, type CustomerRequest } from './customer-request-schema';
import { jiraPath } from './path';

export async function getCustomerRequest(jira: Jira, issueIdOrKey: string): Promise<CustomerRequest> {
  const { data } = await jiraCall(
    jira,
    'GET',
    jiraPath`/rest/servicedeskapi/request/${issueIdOrKey}`,
    CustomerRequestSchema,
  );
  return data;
}
