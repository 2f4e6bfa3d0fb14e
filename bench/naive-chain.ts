// The reference: the chain Jira Automation users build today with "Send web request" actions, five
// calls one after another, no cache, no retry, plain fetch:
//   1. POST {login}/{tenant}/oauth2/v2.0/token              (client credentials)
//   2. GET  .../accessPackages?$filter=displayName eq '{name}'
//   3. GET  .../accessPackages/{id}?$expand=assignmentPolicies   (take the first policy)
//   4. GET  /users/{email}
//   5. POST .../assignmentRequests                          (adminAdd)
// Built as such rules usually are: the filter typed by hand (%20 between words) with the field's
// value form-encoded the way URLSearchParams (and Automation's `.urlEncode`) does it: a space
// becomes '+', an apostrophe is not doubled. What that gets wrong is counted as a failure, with
// its cause, rather than fixed: `/users/{email}` misses users whose mail is not their UPN, '+'
// for a space is refused by the emulator (graph-entitlement.md 3: never send a raw '+'), and an
// undoubled apostrophe breaks the OData literal.

export interface NaiveTarget {
  /** Where the chain sends its calls (the emulators' local URLs). */
  loginUrl: string;
  graphUrl: string;
  /** The Graph resource the token is asked for (the emulator's public URL). */
  graphResource: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

export type NaiveStep = 'token' | 'list-packages' | 'get-policies' | 'get-user' | 'create-request';

export type NaiveResult =
  | { ok: true; requestId: string; calls: number }
  | { ok: false; step: NaiveStep; status: number | 'network-error'; calls: number };

const EM = '/v1.0/identityGovernance/entitlementManagement';

/** Form encoding of one value, as URLSearchParams writes it (space as '+'). */
const formEncode = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);

export async function naiveGrant(
  target: NaiveTarget,
  input: { packageName: string; email: string },
  fetchImpl: typeof fetch = fetch,
): Promise<NaiveResult> {
  let calls = 0;
  let bearer = '';
  const call = async (
    step: NaiveStep,
    url: string,
    init: RequestInit = {},
  ): Promise<{ ok: true; body: Record<string, unknown> } | { ok: false; result: NaiveResult }> => {
    calls++;
    let response: Response;
    try {
      const headers = {
        ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}),
        ...(init.headers as Record<string, string> | undefined),
      };
      response = await fetchImpl(url, { ...init, headers });
    } catch {
      return { ok: false, result: { ok: false, step, status: 'network-error', calls } };
    }
    const text = await response.text();
    if (response.status < 200 || response.status >= 300)
      return { ok: false, result: { ok: false, step, status: response.status, calls } };
    try {
      return { ok: true, body: JSON.parse(text) as Record<string, unknown> };
    } catch {
      return { ok: false, result: { ok: false, step, status: response.status, calls } };
    }
  };

  const token = await call('token', `${target.loginUrl}/${target.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: target.clientId,
      client_secret: target.clientSecret,
      scope: `${target.graphResource}/.default`,
    }).toString(),
  });
  if (!token.ok) return token.result;
  bearer = String(token.body.access_token ?? '');

  const list = await call(
    'list-packages',
    `${target.graphUrl}${EM}/accessPackages?$filter=displayName%20eq%20'${formEncode(input.packageName)}'`,
  );
  if (!list.ok) return list.result;
  const pkg = (list.body.value as { id?: string }[] | undefined)?.[0];
  if (!pkg?.id) return { ok: false, step: 'list-packages', status: 200, calls };

  const withPolicies = await call(
    'get-policies',
    `${target.graphUrl}${EM}/accessPackages/${pkg.id}?$expand=assignmentPolicies`,
  );
  if (!withPolicies.ok) return withPolicies.result;
  const policy = (withPolicies.body.assignmentPolicies as { id?: string }[] | undefined)?.[0];
  if (!policy?.id) return { ok: false, step: 'get-policies', status: 200, calls };

  const user = await call('get-user', `${target.graphUrl}/v1.0/users/${input.email}`);
  if (!user.ok) return user.result;

  const created = await call('create-request', `${target.graphUrl}${EM}/assignmentRequests`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      requestType: 'adminAdd',
      assignment: { targetId: user.body.id, assignmentPolicyId: policy.id, accessPackageId: pkg.id },
    }),
  });
  if (!created.ok) return created.result;
  return { ok: true, requestId: String(created.body.id), calls };
}
