// Shared refusals of the portal operations. Each surface calls only its own operations; errors
// from Jira or Graph reach a customer as one plain sentence (the details go to the log), because
// their messages are written for admins and name paths and ids.
import { OperationError } from '../operation';
import type { Explanation, PortalDeps, PortalSurface } from './deps';

export function requireSurface(deps: PortalDeps, ...allowed: PortalSurface[]): void {
  if (!allowed.includes(deps.caller.surface)) {
    throw new OperationError('forbidden', 'This panel cannot ask for that. Reload the page.');
  }
}

export const UNAVAILABLE: Explanation<'unavailable'> = {
  status: 'unavailable',
  message:
    'We cannot load this right now. Try again in a minute; you can still send your request and the service desk will follow up.',
};

/** Runs `work`; an unexpected error becomes the plain "unavailable" answer, logged by code. */
export async function orUnavailable<T>(
  deps: PortalDeps,
  operation: string,
  work: () => Promise<T>,
): Promise<T | Explanation<'unavailable'>> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof OperationError) throw error;
    const code = (error as { code?: unknown } | undefined)?.code;
    deps.log.event('warn', 'portal.unavailable', {
      operation,
      surface: deps.caller.surface,
      code: typeof code === 'string' ? code : 'unexpected',
    });
    return UNAVAILABLE;
  }
}
