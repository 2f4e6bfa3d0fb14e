// What every portal operation works with: the ports of this invocation, the caller as the Forge
// context names them (never the payload), and a way to ask Jira, AS THE CALLER, whether they work
// on an issue as an agent (Forge: api.asUser(); the sandbox: its stand-in). The three portal
// surfaces share one resolver (manifest: package-picker, request-status, agent-status).
import type { Ports } from '../ports';
import { operationFor } from '../operation';

/** Which panel is calling: the picker on the create form, the customer's status panel, the agents'. */
export type PortalSurface = 'picker' | 'status' | 'agent';

export interface PortalCaller {
  /** From the invocation context (Forge signs it); an operation never reads an account from its payload. */
  accountId: string;
  surface: PortalSurface;
  /** The picker: the request type of the form it sits on. */
  requestTypeId?: string;
  /** The status panels: the request (issue) the page shows. */
  issueKey?: string;
}

export interface AgentCheck {
  /** True only when Jira says the caller may work on this issue as a service-desk agent. */
  isAgentOn(issueKey: string): Promise<boolean>;
}

export type PortalDeps = Ports & {
  caller: PortalCaller;
  agents: AgentCheck;
};

export const portalOperation = operationFor<PortalDeps>();

/** An answer that explains, in plain words, why there is nothing to show (not an error). */
export interface Explanation<S extends string = string> {
  status: S;
  message: string;
}
