// The memory store persisted to one JSON file, so the sandbox keeps its configuration and state
// across restarts (`.sandbox-data/` is git-ignored). Every change rewrites the file through a
// temporary file and a rename, so a crash never leaves half a file. Sandbox only: secrets are
// stored in clear text here, unlike KVS's encrypted setSecret.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { Clock } from '../../src/core/ports';
import { createMemoryStore, type MemoryStore, type MemoryStoreSnapshot } from './memory-store';

const EntrySchema = z.object({ json: z.string(), expiresAt: z.number().optional() });
const SnapshotSchema = z.object({
  values: z.record(z.string(), EntrySchema).default({}),
  secrets: z.record(z.string(), EntrySchema).default({}),
});

export function readSnapshot(path: string): MemoryStoreSnapshot | undefined {
  if (!existsSync(path)) return undefined;
  const parsed = SnapshotSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    throw new Error(
      `${path} is not a sandbox store file (${parsed.error.issues[0]?.message}); move it away to start empty.`,
    );
  }
  return parsed.data;
}

export function createFileStore(path: string, options: { clock?: Clock } = {}): MemoryStore {
  mkdirSync(dirname(path), { recursive: true });
  return createMemoryStore({
    clock: options.clock,
    initial: readSnapshot(path),
    onChange(snapshot) {
      const temporary = `${path}.${process.pid}.tmp`;
      writeFileSync(temporary, `${JSON.stringify(snapshot, null, 2)}\n`, { mode: 0o600 });
      renameSync(temporary, path);
    },
  });
}
