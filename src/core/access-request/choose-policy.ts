// Policy choice: the configured one, else the single policy whose target scope admits the user
// (graph-entitlement.md 1.3). A policy we cannot judge without another Graph call (group
// membership) is a "maybe": it is chosen only when nothing certain exists and it is alone.
import { fail } from './failures';

export interface PolicyLike {
  id: string;
  displayName?: string | null;
  allowedTargetScope?: string | null;
  specificAllowedTargets?:
    ({ '@odata.type'?: string; userId?: string; [key: string]: unknown } | null)[] | null;
}

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
): P {
  const names = policies.map((p) => `"${p.displayName ?? p.id}" (${p.id})`).join(', ') || 'none';
  if (configuredPolicyId) {
    const configured = policies.find((p) => p.id.toLowerCase() === configuredPolicyId.toLowerCase());
    if (configured) return configured;
    fail('no_policy_fits', {
      customer: `We could not request '${packageName}' automatically.`,
      agent: `The configured policy ${configuredPolicyId} is not one of the package's policies (${names}). Pick a current policy for this package on the admin page.`,
    });
  }
  const verdicts = policies.map((policy) => ({ policy, verdict: policyAdmits(policy, user) }));
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
