// The portal panels' resolver (manifest function portal-resolver, shared by the package picker, the
// customer's status panel and the agents' panel). Thin: the caller comes from the invocation
// context Forge builds (never the payload), and the agent check asks Jira AS THE CALLER.
import api, { route } from '@forge/api';
import type { Request } from '@forge/resolver';
import { portalOperations, type PortalDeps } from '../../core/portal/operations';
import { callerFromContext } from '../../core/portal/caller';
import { grantsAgentView } from '../../core/portal/agent-permissions';
import type { AgentCheck, PortalCaller } from '../../core/portal/deps';
import { createConsoleLog } from '../adapters/console-log';
import { createForgePorts } from '../ports';
import { defineOperations } from './define-operations';

const agentCheck: AgentCheck = {
  async isAgentOn(issueKey) {
    try {
      const response = await api
        .asUser()
        .requestJira(
          route`/rest/api/3/mypermissions?issueKey=${issueKey}&permissions=BROWSE_PROJECTS,SERVICEDESK_AGENT`,
          {
            headers: { Accept: 'application/json' },
          },
        );
      const text = await response.text();
      return grantsAgentView(response.status, text ? (JSON.parse(text) as unknown) : undefined);
    } catch {
      return false; // fail closed
    }
  },
};

/** Guard and deps both read the caller the same way; no caller means no operation runs. */
const callerOf = (request: Request): PortalCaller | undefined => callerFromContext(request.context);

export const portalResolver = defineOperations<PortalDeps>(portalOperations, {
  guard: async (request) =>
    callerOf(request)
      ? undefined
      : { ok: false, code: 'forbidden', message: 'Sign in to the portal to use this panel.', errors: [] },
  deps: (request) => {
    const caller = callerOf(request);
    if (!caller) throw new Error('portal-resolver: no caller in the context (the guard refuses this first).');
    return { ...createForgePorts(), caller, agents: agentCheck };
  },
  log: createConsoleLog(),
});
