import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../../../sandbox/adapters/fake-clock';
import { createFileStore } from '../../../../sandbox/adapters/file-store';

const folders: string[] = [];
function tempFile(): string {
  const folder = mkdtempSync(join(tmpdir(), 'file-store-'));
  folders.push(folder);
  return join(folder, 'nested', 'store.json');
}
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('createFileStore', () => {
  it('survives a restart, with values, secrets and TTLs', async () => {
    const path = tempFile();
    const clock = createFakeClock();
    const first = createFileStore(path, { clock });
    await first.set('config', { tenants: [] });
    await first.set('cache', 1, { ttlSeconds: 5 });
    await first.setSecret('secret:credential:c1', { kind: 'secret', clientSecret: 's' });
    expect(statSync(path).mode & 0o777).toBe(0o600);

    const second = createFileStore(path, { clock });
    expect(second.dump()).toEqual({
      values: { cache: 1, config: { tenants: [] } },
      secrets: { 'secret:credential:c1': { kind: 'secret', clientSecret: 's' } },
    });
    clock.advance(5_000);
    expect(await second.get('cache')).toBeUndefined();
    expect(JSON.parse(readFileSync(path, 'utf8')).values.config.json).toBe('{"tenants":[]}');
  });

  it('refuses a file that is not a store, saying what to do', () => {
    const path = tempFile();
    createFileStore(path);
    writeFileSync(path, '{"values": 3}');
    expect(() => createFileStore(path)).toThrow(/move it away to start empty/);
  });
});
