// The Jira port over Node's global fetch, for the sandbox and the tests: the app talks to the
// Jira emulator (or any Jira base URL) exactly as it would through Forge's requestJira, with
// JSON in and out. The app calls as itself, so no user credentials are involved.
import type { HttpMethod, Jira, JiraResponse } from '../../src/core/ports';

export interface HttpJiraOptions {
  /** Sent as given; the emulator accepts any value (Forge adds the app's token itself). */
  authorization?: string;
  /** Abort after this long (Forge allows 180 s per outbound request). */
  timeoutMs?: number;
}

export function createHttpJira(baseUrl: string, options: HttpJiraOptions = {}): Jira {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    async request(method: HttpMethod, path: string, body?: unknown): Promise<JiraResponse> {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (options.authorization) headers.authorization = options.authorization;
      const response = await fetch(base + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 180_000),
      });
      const lowered: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        lowered[name.toLowerCase()] = value;
      });
      const text = await response.text();
      let parsed: unknown = undefined;
      if (response.status !== 204 && text.trim() !== '') {
        try {
          parsed = JSON.parse(text);
        } catch {
          // Not JSON (a proxy's HTML error page, a truncated body): hand the text over, so the
          // caller's zod parse reports a malformed response instead of this adapter throwing.
          parsed = text;
        }
      }
      return { status: response.status, body: parsed, headers: lowered };
    },
  };
}
