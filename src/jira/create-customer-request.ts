// POST /rest/servicedeskapi/request {"serviceDeskId","requestTypeId","requestFieldValues":{...},
// "raiseOnBehalfOf"} (forge-platform.md section 9): the offline-app ticket when the
// configuration names a service desk and request type, so it shows in the queue like any request.
// The description goes as ADF with `isAdfRequest: true`: a plain string is wiki markup to JSM, so
// text a customer typed ("[click|https://...]", "[~accountid:...]", "!https://...!") would become a
// live link, mention or image for agents. `isAdfRequest` is marked experimental in the docs:
// https://developer.atlassian.com/cloud/jira/service-desk/rest/api-group-request/#api-rest-servicedeskapi-request-post
import type { Jira } from '../core/ports';
import type { AdfDoc } from './adf';
import { jiraCall } from './call';
import { CustomerRequestSchema } from './customer-request-schema';

export interface NewCustomerRequest {
  serviceDeskId: string;
  requestTypeId: string;
  summary: string;
  /** Sent as ADF (isAdfRequest), never as a wiki-markup string. */
  descriptionAdf: AdfDoc;
  /** The customer the request is for (account id); by default the app is the reporter. */
  raiseOnBehalfOf?: string;
  priorityName?: string;
  /** Other request-type fields by field id. */
  requestFieldValues?: Record<string, unknown>;
}

export async function createCustomerRequest(
  jira: Jira,
  request: NewCustomerRequest,
): Promise<{ id: string; key: string }> {
  const requestFieldValues: Record<string, unknown> = {
    ...request.requestFieldValues,
    summary: request.summary,
    description: request.descriptionAdf,
  };
  if (request.priorityName !== undefined) requestFieldValues.priority = { name: request.priorityName };
  const body: Record<string, unknown> = {
    serviceDeskId: request.serviceDeskId,
    requestTypeId: request.requestTypeId,
    requestFieldValues,
    isAdfRequest: true,
  };
  if (request.raiseOnBehalfOf !== undefined) body.raiseOnBehalfOf = request.raiseOnBehalfOf;
  const { data } = await jiraCall(jira, 'POST', '/rest/servicedeskapi/request', CustomerRequestSchema, body);
  return { id: data.issueId, key: data.issueKey };
}
