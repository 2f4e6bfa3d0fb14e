// POST EM/assignmentRequests/{id}/resume -> 204. The docs' short form; the OpenAPI contract names
// the same operation `.../{id}/microsoft.graph.resume`. The URL is built from the request id, never
// from the callout's CallbackUriPath (graph-entitlement.md decision 5, section 5.6).
// https://learn.microsoft.com/graph/api/accesspackageassignmentrequest-resume
import * as z from 'zod';
import type { GraphClient } from '../client';
import type { CloudName } from '../clouds';
import { encodePathSegment } from '../odata';
import { EM } from './paths';

export interface ResumeInput {
  /** Free text naming the caller, e.g. JiraServiceManagement. */
  source: string;
  /** `microsoft.graph.accessPackageCustomExtensionStage.` + the stage. */
  type: string;
  data: {
    stage: string;
    customExtensionStageInstanceId: string;
    /** Shown to approvers and in the request history. */
    customExtensionStageInstanceDetail?: string;
    /** Deny or cancel; where a stage allows it is unconfirmed (section 5.6). */
    state?: 'denied' | 'canceled';
  };
}

/**
 * Whether the cloud has this call. The v1.0 page's "national cloud availability" table marks it
 * global-only: not US Government L4 (usgov), L5 DoD (usgovdod) nor China (21Vianet). (The beta
 * page lists all four; the app uses v1.0 only.) A `custom` cloud is taken as global: it is how
 * the sandbox and tests stand in for it. To confirm on a national-cloud tenant (README).
 */
export function resumeAvailableIn(cloud: CloudName): boolean {
  return cloud === 'global' || cloud === 'custom';
}

export const CLOUD_NAMES: Record<CloudName, string> = {
  global: 'global',
  usgov: 'US Government (GCC High)',
  usgovdod: 'US Government DoD',
  china: 'China (21Vianet)',
  custom: 'custom',
};

export async function resumeAssignmentRequest(
  graph: GraphClient,
  requestId: string,
  input: ResumeInput,
): Promise<void> {
  await graph.request({
    method: 'POST',
    path: `${EM}/assignmentRequests/${encodePathSegment(requestId)}/resume`,
    body: {
      source: input.source,
      type: input.type,
      data: { '@odata.type': 'microsoft.graph.accessPackageAssignmentRequestCallbackData', ...input.data },
    },
    schema: z.unknown(),
  });
}
