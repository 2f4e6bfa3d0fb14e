// Function timeouts, which validate() does not check (forge lint does, but needs a login).
import { functionsOf, result, type CheckResult, type Manifest } from './manifest';

/**
 * timeoutSeconds only on functions used solely by consumers or scheduled triggers, and a consumer's
 * function used by no other module (@forge/lint function-timeout linter, forge-platform.md section 1).
 */
export function checkFunctionTimeouts(manifest: Manifest): CheckResult {
  const out = result('timeouts: long timeouts only on consumer/schedule functions');
  const usersOf = new Map<string, string[]>();
  for (const [type, entries] of Object.entries(manifest.modules)) {
    if (type === 'function') continue;
    for (const entry of entries) {
      const resolver = entry.resolver as { function?: unknown } | undefined;
      for (const ref of [entry.function, resolver?.function]) {
        if (typeof ref === 'string') usersOf.set(ref, [...(usersOf.get(ref) ?? []), type]);
      }
    }
  }
  for (const fn of functionsOf(manifest)) {
    const users = usersOf.get(fn.key) ?? [];
    if (users.length === 0) out.failed.push(`function ${fn.key} is used by no module`);
    if (users.includes('consumer') && users.some((u) => u !== 'consumer')) {
      out.failed.push(
        `function ${fn.key} is shared by a consumer and ${users.filter((u) => u !== 'consumer').join(', ')}`,
      );
    }
    if (fn.timeoutSeconds === undefined) continue;
    const longRunning = users.length > 0 && users.every((u) => u === 'consumer' || u === 'scheduledTrigger');
    if (!longRunning)
      out.failed.push(
        `function ${fn.key} sets timeoutSeconds but is used by ${users.join(', ') || 'nothing'}`,
      );
    else if (fn.timeoutSeconds > 900)
      out.failed.push(`function ${fn.key}: timeoutSeconds ${fn.timeoutSeconds} > 900`);
    else out.passed.push(`${fn.key}: timeoutSeconds ${fn.timeoutSeconds} (${users.join(', ')})`);
  }
  if (out.failed.length === 0) out.passed.push('every function is used; no consumer function is shared');
  return out;
}
