import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EgressNotAllowedError, createNodeHttp } from '../../../../sandbox/adapters/node-http';

let url = '';
const received: { method?: string; url?: string; headers: IncomingMessage['headers']; body: string }[] = [];
const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString()));
  req.on('end', () => {
    received.push({ method: req.method, url: req.url, headers: req.headers, body });
    if (req.url === '/slow-headers') return; // never answers
    if (req.url === '/slow-body') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('partial');
      return; // never ends
    }
    res.writeHead(201, { 'content-type': 'application/json', 'request-id': 'r-9' });
    res.end(JSON.stringify({ echo: body }));
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('createNodeHttp', () => {
  it('sends method, headers and body, and reads status, headers and text', async () => {
    const response = await createNodeHttp().fetch(`${url}/v1.0/x?a=%20b`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'x-custom': 'yes' },
      body: '{"a":1}',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('Request-Id')).toBe('r-9');
    expect(JSON.parse(await response.text())).toEqual({ echo: '{"a":1}' });
    expect(received.at(-1)).toMatchObject({ method: 'PATCH', url: '/v1.0/x?a=%20b', body: '{"a":1}' });
    expect(received.at(-1)?.headers['x-custom']).toBe('yes');
  });

  it('times out while waiting for headers and while reading the body', async () => {
    const http = createNodeHttp();
    await expect(http.fetch(`${url}/slow-headers`, { method: 'GET', timeoutMs: 100 })).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    const response = await http.fetch(`${url}/slow-body`, { method: 'GET', timeoutMs: 200 });
    await expect(response.text()).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('refuses origins outside the allow-list before connecting', async () => {
    const before = received.length;
    const http = createNodeHttp({ allowedOrigins: ['https://graph.microsoft.com', url] });
    await expect(http.fetch('https://evil.example.com/', { method: 'GET' })).rejects.toBeInstanceOf(
      EgressNotAllowedError,
    );
    expect((await http.fetch(`${url}/ok`, { method: 'GET' })).status).toBe(201);
    expect(received.length).toBe(before + 1);
  });
});
