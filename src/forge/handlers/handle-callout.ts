// Web trigger for Entra custom-extension callouts (through the relay Logic App). Verification,
// parsing and dispatch are the core's; this maps Forge's request and response shapes.
import type { WebTriggerRequest, WebTriggerResponse } from '@forge/api';
import { receiveCallout } from '../../entra/receive-callout';
import { createJwksCache } from '../../entra/jwks-cache';
import { loadConfig } from '../../core/config-store';
import { createForgePorts } from '../ports';

export async function handleCallout(request: WebTriggerRequest): Promise<WebTriggerResponse> {
  const ports = createForgePorts();
  try {
    const config = await loadConfig(ports.store);
    return await receiveCallout(ports, config, request, { jwks: createJwksCache(ports) });
  } catch (error) {
    ports.log.event('error', 'callout.failed', { error: error instanceof Error ? error.name : 'error' });
    // 5xx: the relay (and Entra) retry; nothing was queued.
    return {
      statusCode: 500,
      headers: { 'Content-Type': ['application/json'] },
      body: '{"error":"internal"}',
    };
  }
}
