// The sandbox's web trigger: the same core entry the Forge handler calls (receiveCallout), behind
// a local URL, so a relay (or curl) can post callouts to the sandbox.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { receiveCallout, type WebRequest } from '../src/entra/receive-callout';
import { createJwksCache } from '../src/entra/jwks-cache';
import { loadConfig } from '../src/core/config-store';
import type { World } from './world';

export const WEB_TRIGGER_PATH = '/x1/entra-callout';
const MAX_BYTES = 5 * 1024 * 1024; // Forge's web trigger payload limit

export function webTrigger(world: World) {
  return {
    prefix: WEB_TRIGGER_PATH,
    async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname !== WEB_TRIGGER_PATH) return false;
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of req) {
        size += (chunk as Buffer).length;
        if (size > MAX_BYTES) {
          res.writeHead(413).end();
          return true;
        }
        chunks.push(chunk as Buffer);
      }
      // Forge hands the handler header and query values as arrays (forge-platform.md section 4).
      const headers: WebRequest['headers'] = {};
      for (const [name, value] of Object.entries(req.headers))
        headers[name] = Array.isArray(value) ? value : value === undefined ? [] : [value];
      const queryParameters: Record<string, string[]> = {};
      for (const [name, value] of url.searchParams) (queryParameters[name] ??= []).push(value);
      const response = await receiveCallout(
        world.ports,
        await loadConfig(world.store),
        {
          method: req.method ?? 'GET',
          headers,
          queryParameters,
          body: Buffer.concat(chunks).toString('utf8'),
        },
        { jwks: createJwksCache(world.ports) },
      );
      const outHeaders: Record<string, string> = {};
      for (const [name, values] of Object.entries(response.headers)) outHeaders[name] = values.join(', ');
      res.writeHead(response.statusCode, outHeaders).end(response.body);
      return true;
    },
  };
}
