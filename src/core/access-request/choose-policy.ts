// Policy choice: the configured one, else the single policy whose target scope admits the user
// (graph-entitlement.md 1.3). A policy we cannot judge without another Graph call (group
// membership) is a "maybe": it is chosen only when nothing certain exists and it is alone.
// A policy that requires approval in Entra (requestApprovalSettings.isApprovalRequiredForAdd) is
// never used for a direct assignment: an app-only adminAdd skips its approval stages
// (https://learn.microsoft.com/en-us/graph/api/resources/accesspackageassignmentrequest, requestType
// adminAdd), unless the admin marked the item "JSM approval stands in for Entra approval".
import { fail } from './failures';

export interface PolicyLike {
  id: string;
  displayName?: string | null;
  allowedTargetScope?: string | null;
  specificAllowedTargets?:
    ({ '@odata.type'?: string; userId?: string; [key: string]: unknown } | null)[] | null;
  requestApprovalSettings?: { isApprovalRequiredForAdd?: boolean | null } | null;
}

export interface EntraApprovalRule {
  /** The item is marked "JSM approval stands in for Entra approval" (and JSM approval is required). */
  jsmStandsIn: boolean;
  /** Where the customer can request the package with its own approvals (My Access), if known. */
  myAccessLink?: string;
}

/** Whether Entra would ask approvers before granting through this policy. */
export const requiresEntraApproval = (policy: PolicyLike): boolean =>
  policy.requestApprovalSettings?.isApprovalRequiredForAdd === true;

export interface UserLike {
  id: string;
  userType?: string | null;
}

type Verdict = 'yes' | 'maybe' | 'no';

export function policyAdmits(policy: PolicyLike, user: UserLike): Verdict {
  const scope = (policy.allowedTargetScope ?? 'notSpecified').toLowerCase();
  const isGuest = (user.userType ?? 'Member').toLowerCase() === 'guest';
  switch (scope) {
    case 'notspecified': // admin-only direct assignment policy: adminAdd may target anyone
    case 'alldirectoryusers':
      return 'yes';
    case 'allmemberusers':
      return isGuest ? 'no' : 'yes';
    case 'allexternalusers':
    case 'allconfiguredconnectedorganizationusers':
      return isGuest ? 'maybe' : 'no';
    case 'specificdirectoryusers': {
      const targets = (policy.specificAllowedTargets ?? []).filter((t) => t !== null);
      if (targets.some((t) => t?.userId?.toLowerCase() === user.id.toLowerCase())) return 'yes';
      // groupMembers, attributeRuleMembers, sponsors...: needs a membership look-up Entra does anyway.
      return targets.some((t) => !/singleUser$/i.test(t?.['@odata.type'] ?? '')) ? 'maybe' : 'no';
    }
    default: // service principals and scopes for other kinds of subject
      return 'no';
  }
}

export function choosePolicy<P extends PolicyLike>(
  policies: P[],
  user: UserLike,
  configuredPolicyId: string | undefined,
  packageName: string,
  entra: EntraApprovalRule = { jsmStandsIn: false },
): P {
  const names = policies.map((p) => `"${p.displayName ?? p.id}" (${p.id})`).join(', ') || 'none';
  const usable = (p: P) => entra.jsmStandsIn || !requiresEntraApproval(p);
  if (configuredPolicyId) {
    const configured = policies.find((p) => p.id.toLowerCase() === configuredPolicyId.toLowerCase());
    if (configured && !usable(configured)) failEntraApproval([configured], packageName, entra);
    if (configured) return configured;
    fail('no_policy_fits', {
      customer: `We could not request '${packageName}' automatically.`,
      agent: `The configured policy ${configuredPolicyId} is not one of the package's policies (${names}). Pick a current policy for this package on the admin page.`,
    });
  }
  const admitting = policies.filter((p) => policyAdmits(p, user) !== 'no');
  if (admitting.length > 0 && !admitting.some(usable)) {
    failEntraApproval(admitting, packageName, entra);
  }
  const verdicts = policies.filter(usable).map((policy) => ({ policy, verdict: policyAdmits(policy, user) }));
  const certain = verdicts.filter((v) => v.verdict === 'yes');
  if (certain.length === 1) return certain[0]!.policy;
  const maybe = verdicts.filter((v) => v.verdict === 'maybe');
  if (certain.length === 0 && maybe.length === 1) return maybe[0]!.policy;
  const candidates = certain.length > 1 ? certain : [...certain, ...maybe];
  fail('no_policy_fits', {
    customer: `We could not request '${packageName}' automatically.`,
    agent:
      candidates.length === 0
        ? `No policy of the package admits this user (policies: ${names}). Add a policy that allows direct assignment for this user, or set a policy for this package on the admin page.`
        : `Several policies could apply (${candidates.map((c) => `"${c.policy.displayName ?? c.policy.id}" (${c.policy.id})`).join(', ')}). Choose one for this package on the admin page.`,
  });
}

function failEntraApproval(policies: PolicyLike[], packageName: string, entra: EntraApprovalRule): never {
  const where = entra.myAccessLink
    ? `Please request it in My Access: ${entra.myAccessLink}`
    : "Please request it in My Access, your organization's access portal.";
  fail('entra_approval_required', {
    customer: `'${packageName}' needs approval from your organization's own approvers in Microsoft Entra, so we cannot grant it from here. ${where}`,
    agent: `The policies of this package that admit the user require approval in Entra (${policies.map((p) => `"${p.displayName ?? p.id}" (${p.id})`).join(', ')}). A direct assignment (adminAdd) would skip those approvals, so nothing was requested and the customer was sent to My Access${entra.myAccessLink ? ` (${entra.myAccessLink})` : ''}. If JSM approval should stand in for Entra's, mark the package or its catalog "JSM approval stands in for Entra approval" on the admin page.`,
  });
}
