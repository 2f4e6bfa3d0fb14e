// The sandbox's Http port: the app keeps its production URLs (https://graph.microsoft.com, ...)
// and this routes those origins to the local emulators, the way a hosts file would. Any other
// origin must be a loopback address (a `custom` cloud), so nothing leaves the machine.
import type { Http } from '../src/core/ports';
import { createNodeHttp, EgressNotAllowedError } from './adapters/node-http';

const LOOPBACK = /^(127(\.\d{1,3}){3}|localhost|\[::1\])$/;

export function createRoutedHttp(routes: Record<string, string>): Http {
  const table = new Map(
    Object.entries(routes).map(([from, to]) => [new URL(from).origin, to.replace(/\/+$/, '')]),
  );
  const inner = createNodeHttp();
  return {
    fetch(url, init) {
      const parsed = new URL(url);
      const target = table.get(parsed.origin);
      if (target) return inner.fetch(`${target}${parsed.pathname}${parsed.search}`, init);
      if (!LOOPBACK.test(parsed.hostname)) {
        return Promise.reject(
          new EgressNotAllowedError(
            `The sandbox does not call ${parsed.origin}: only emulators on loopback.`,
          ),
        );
      }
      return inner.fetch(url, init);
    },
  };
}
