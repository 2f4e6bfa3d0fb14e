// Which package a request names, before and after it was shown to approvers. The portal picker's
// value is an issue property the approver does not see on JSM's approval screen, so it never wins
// over the visible package field: both must name the same package, or the request is refused.
// Once the resolved package was recorded and shown, a request that names another one voids the
// approval (DESIGN.md "Workflow rules": provisioning waits for an approval of what was shown).
import type { PackageRef } from './read-request';
import { fail } from './failures';

export interface PackageSources {
  pickedIds: string[];
  typedRef?: PackageRef;
}

const norm = (text: string) => text.trim().toLowerCase();

/** Whether a typed value names this package, by id or by display name. */
export function typedNames(typed: PackageRef, pkg: { id: string; displayName?: string }): boolean {
  return typed.kind === 'id'
    ? typed.id.toLowerCase() === pkg.id.toLowerCase()
    : pkg.displayName !== undefined && norm(typed.name) === norm(pkg.displayName);
}

const shown = (ref: PackageRef) => (ref.kind === 'id' ? ref.id : ref.name);

/** The reference to resolve first; the picked id when there is one (checked after, `mustAgree`). */
export function packageToResolve(sources: PackageSources, packageFieldId?: string): PackageRef {
  if (sources.pickedIds.length > 1) {
    fail('package_conflict', {
      customer:
        'This request names more than one access package, so nothing was requested. Please raise it again and pick one package.',
      agent: `The request carries several picked packages (${sources.pickedIds.join(', ')}) in its portal properties. Nothing was requested; ask the customer to raise it again with one package.`,
    });
  }
  const picked = sources.pickedIds[0];
  if (picked) return { kind: 'id', id: picked };
  if (sources.typedRef) return sources.typedRef;
  fail('package_missing', {
    customer: 'The request does not say which access you need. Please raise it again and pick a package.',
    agent: `The package field${packageFieldId ? ` (${packageFieldId})` : ''} is empty and no package was picked on the portal.`,
  });
}

/** A picked package and a typed value that disagree: refused, naming both. */
export function mustAgree(sources: PackageSources, pkg: { id: string; displayName: string }): void {
  const typed = sources.typedRef;
  if (sources.pickedIds.length === 0 || !typed || typedNames(typed, pkg)) return;
  fail('package_conflict', {
    customer: `The package you picked ('${pkg.displayName}') is not the one written in the request ('${shown(typed)}'), so nothing was requested. Please raise the request again with the package you need.`,
    agent: `The portal picker names package ${pkg.id} ("${pkg.displayName}") but the visible package field says "${shown(typed)}". A hidden value never overrides the visible one; nothing was requested.`,
  });
}

/**
 * After the package was shown to approvers, the request must still name it (the app wrote its
 * name into the visible field). Anything else voids the approval.
 */
export function mustStillName(
  sources: PackageSources,
  recorded: { id: string; displayName?: string },
): PackageRef {
  const pickedOk = sources.pickedIds.every((id) => id.toLowerCase() === recorded.id.toLowerCase());
  const typedOk = !sources.typedRef || typedNames(sources.typedRef, recorded);
  if (pickedOk && typedOk) return { kind: 'id', id: recorded.id };
  const now = [
    ...sources.pickedIds.map((id) => `picked ${id}`),
    ...(sources.typedRef && !typedOk ? [`field "${shown(sources.typedRef)}"`] : []),
  ].join(', ');
  fail('approval_outdated', {
    customer: `This request changed after it was sent for approval, so the approval no longer counts and nothing was requested. Please raise a new request for the access you need.`,
    agent: `The request was shown to approvers for package ${recorded.id} ("${recorded.displayName ?? ''}") but now names another (${now}). An approval counts only for what the approvers saw; nothing was requested.`,
  });
}
