// Graph and token errors that reach the top of the workflow become failures with advice.
// Permission names: graph-entitlement.md section 2.
import type { Tenant } from '../../config/schema';
import {
  GraphForbiddenError,
  GraphHttpError,
  GraphUnauthorizedError,
  MissingSecretError,
  TokenRequestError,
} from '../../graph';
import { CredentialNotConfiguredError } from '../tenant-graph-client';
import { WorkflowFailure } from './failures';

const CUSTOMER = 'We could not complete your request automatically.';

/** Which permission the failed call needed, from its method and path. */
export function permissionFor(method: string | undefined, path: string | undefined): string {
  if (path?.includes('/users')) return 'User.Read.All';
  if (method && method !== 'GET') {
    return 'EntitlementManagement.ReadWrite.All (or the catalog role "Access package assignment manager")';
  }
  return 'EntitlementManagement.Read.All (or the catalog role "Catalog reader")';
}

export function failureFromError(error: unknown, tenant: Tenant | undefined): WorkflowFailure | undefined {
  const where = tenant ? `tenant ${tenant.displayName} (${tenant.tenantId})` : 'the tenant';
  if (error instanceof WorkflowFailure) return error;
  if (error instanceof TokenRequestError) {
    const advice: Record<string, string> = {
      invalid_secret:
        'The client secret is wrong: paste the current secret value (not its id) on the admin page.',
      expired_secret:
        'The client secret has expired: create a new one in Entra and store it on the admin page.',
      app_not_in_tenant:
        'The app registration is not in this tenant: have a Global Administrator of the customer grant admin consent.',
      tenant_not_found:
        'The tenant id is wrong or the tenant is in another cloud: check both on the admin page.',
      invalid_certificate:
        'The certificate does not match the app registration: upload the certificate whose public key is registered.',
      consent_missing:
        'Admin consent is missing: have a Global Administrator of the customer grant consent to the app.',
      wrong_cloud: 'The cloud setting does not match the tenant: check the cloud on the admin page.',
      unknown: 'Run "Test connection" on the admin page for details.',
    };
    return new WorkflowFailure(
      'credentials_invalid',
      {
        customer: CUSTOMER,
        agent: `Signing in to ${where} failed${error.details.aadsts ? ` (${error.details.aadsts})` : ''}. ${advice[error.details.reason] ?? advice.unknown}`,
        facts: { 'Correlation id': error.details.correlationId },
      },
      { cause: error },
    );
  }
  if (error instanceof MissingSecretError || error instanceof CredentialNotConfiguredError) {
    return new WorkflowFailure(
      'credentials_invalid',
      { customer: CUSTOMER, agent: `${error.message} (${where})` },
      { cause: error },
    );
  }
  if (error instanceof GraphForbiddenError || error instanceof GraphUnauthorizedError) {
    const permission = permissionFor(error.method, error.path);
    return new WorkflowFailure(
      'permission_missing',
      {
        customer: CUSTOMER,
        agent: `Graph refused ${error.method ?? ''} ${error.path ?? ''} in ${where} (${error.status} ${error.graphCode ?? ''}). Grant the app the application permission ${permission} in that tenant and admin-consent it, then re-run.`,
        facts: { 'Graph request-id': error.requestId, 'Graph error': error.graphMessage },
      },
      { cause: error },
    );
  }
  // Throttling and server errors are transient: the consumer re-queues them and reports only when
  // they outlast its retries (consume-job.ts).
  if (error instanceof GraphHttpError && error.status < 500 && error.status !== 429) {
    return new WorkflowFailure(
      'graph_rejected',
      {
        customer: CUSTOMER,
        agent: `Graph answered ${error.status} ${error.graphCode ?? ''} to ${error.method ?? ''} ${error.path ?? ''} in ${where}: ${error.graphMessage ?? error.message}`,
        facts: { 'Graph request-id': error.requestId, 'Client request-id': error.clientRequestId },
      },
      { cause: error },
    );
  }
  return undefined;
}
