// The configuration being edited: the draft, its field errors and the pickers' data, shared by
// the sections through one context. The draft is checked with the backend's own ConfigSchema.
import { createContext, useContext } from 'react';
import { ConfigSchema, type Config } from '../../../src/config/schema';
import { fieldErrorsOf, type FieldError } from '../../../src/config/field-errors';
import type { SecretStatus } from '../../../src/core/admin/secret-status';
import type { ServiceDeskChoice } from '../../../src/core/admin/list-service-desks';
import type { FieldChoice } from '../../../src/core/admin/list-fields';
import type { RequestTypeChoice } from '../../../src/core/admin/list-request-types';

export interface Lookups {
  organizations?: { id: string; name: string }[];
  serviceDesks?: ServiceDeskChoice[];
  fields?: FieldChoice[];
  priorities?: { id: string; name: string }[];
  /** Per service desk id, loaded when a desk is picked. */
  requestTypes: Record<string, RequestTypeChoice[]>;
  /** Why a lookup failed, shown once near the top. */
  problems: string[];
  /** The page runs on Forge, where a `custom` cloud cannot be called (getConfiguration). */
  onForge?: boolean;
}

export interface Editor {
  draft: Config;
  /** The configuration as last saved (what Graph-backed operations use). */
  saved: Config;
  secrets: Record<string, SecretStatus>;
  errors: FieldError[];
  update(path: (string | number)[], value: unknown): void;
  lookups: Lookups;
  loadRequestTypes(serviceDeskId: string): void;
  webTriggerUrl?: string;
  /** Re-reads the saved configuration and secret status, keeping unsaved edits unless told not to. */
  refresh(replaceDraft?: boolean): Promise<void>;
}

export const EditorContext = createContext<Editor | null>(null);

export function useEditor(): Editor {
  const editor = useContext(EditorContext);
  if (!editor) throw new Error('useEditor outside EditorContext');
  return editor;
}

export function validate(draft: Config): FieldError[] {
  const parsed = ConfigSchema.safeParse(draft);
  return parsed.success ? [] : fieldErrorsOf(parsed.error.issues);
}

/** The saved tenant with this id, if it is saved unchanged enough to call Graph for it. */
export const savedTenant = (saved: Config, tenantId: string) =>
  saved.tenants.find((t) => t.tenantId === tenantId.trim().toLowerCase());

/** Optional text: an empty input means "not set". */
export const optional = (value: string): string | undefined => (value.trim() === '' ? undefined : value);
