// The relay Logic App, emulated from its deployed template (deploy.ts): it answers Entra with the
// template's Response action (202), then runs the template's HTTP action: the body forwarded
// unchanged, to the action's URI (the web trigger URL with ?tenant=), with a token of the Logic
// App's managed identity for the action's audience, signed by the login emulator's keys for the
// customer tenant. Retries follow the action's retry policy (408, 429, 5xx).
// What it does not emulate: the platform's check of Entra's PoP token against the trigger's
// AADPOP policy (Azure does that before the workflow runs; the policy itself is tested as data).
import { startHttpServer, readBody, sendJson, sendEmpty } from '../shared/http';
import { buildForward, forwardAction, type ForwardedRequest, type RelayOptions } from './forward';

export { fireCallout, type FireCalloutInput, type FiredCallout } from './fire-callout';
export {
  entraCallout,
  connectionTestCallout,
  legacyConnectionTestCallout,
  type CalloutInput,
  type CalloutStage,
} from './callouts';
export {
  buildForward,
  forwardAction,
  relayToken,
  type ForwardedRequest,
  type RelayIdentity,
  type RelayOptions,
} from './forward';
export {
  deployTemplate,
  loadRelayTemplate,
  RELAY_TEMPLATE_PATH,
  type Deployment,
  type DeploymentContext,
  type ArmTemplate,
} from './deploy';

export interface RelayRun {
  body: string;
  /** Status of each forward attempt (0: the delivery threw). */
  attempts: number[];
  outcome: 'succeeded' | 'failed';
}

export interface RelayEmulator {
  url: string;
  close(): Promise<void>;
  readonly runs: RelayRun[];
  /** Waits until every forward started so far has finished. */
  settled(): Promise<void>;
}

const RETRYABLE = (status: number) => status === 408 || status === 429 || status >= 500 || status === 0;

/**
 * An HTTP server standing in for the Logic App's trigger URL. `deliver` receives the forward (the
 * sandbox passes it to the web trigger function; Forge's web trigger is not an HTTP server here).
 */
export async function startRelayEmulator(
  options: RelayOptions & { deliver: (request: ForwardedRequest) => Promise<{ statusCode: number }> },
): Promise<RelayEmulator> {
  const action = forwardAction(options.deployment);
  const runs: RelayRun[] = [];
  const pending = new Set<Promise<void>>();

  async function forward(body: string): Promise<void> {
    const run: RelayRun = { body, attempts: [], outcome: 'failed' };
    runs.push(run);
    for (let attempt = 0; attempt <= action.retries; attempt++) {
      let status: number;
      try {
        status = (await options.deliver(await buildForward(options, body))).statusCode;
      } catch {
        status = 0;
      }
      run.attempts.push(status);
      if (status >= 200 && status < 300) {
        run.outcome = 'succeeded';
        return;
      }
      if (!RETRYABLE(status)) return;
    }
  }

  const server = await startHttpServer(async (req, res) => {
    if (req.method !== 'POST') return sendJson(res, 405, { error: { code: 'MethodNotAllowed' } });
    const raw = await readBody(req, 1_000_000);
    sendEmpty(res, action.responseStatus);
    // @triggerBody() is the parsed JSON; the Http action serializes it again (same content,
    // whitespace may differ). A body that is not JSON passes as the text it was.
    let body: string;
    try {
      body = JSON.stringify(JSON.parse(raw));
    } catch {
      body = raw;
    }
    const work = forward(body).finally(() => pending.delete(work));
    pending.add(work);
  });

  return {
    url: server.url,
    close: server.close,
    runs,
    async settled() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
