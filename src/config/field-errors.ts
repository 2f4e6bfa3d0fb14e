// Validation problems as { path, message } pairs that a form can put at its fields. The admin page
// (in the browser) and the resolvers (on Forge and in the sandbox) both format zod issues here, so
// a field shows the same message whichever side refused it. Pure: no Node or browser APIs.
import type { z } from 'zod';

export interface FieldError {
  /** Dotted path into the input, e.g. `tenants.0.tenantId`; '' for the input as a whole. */
  path: string;
  message: string;
}

export const pathKey = (path: readonly PropertyKey[]): string => path.map(String).join('.');

export function fieldErrorsOf(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      // One error per unknown key, at that key: the field a person has to delete.
      for (const key of issue.keys) {
        out.push({ path: pathKey([...issue.path, key]), message: `Unknown field "${key}": remove it.` });
      }
      continue;
    }
    const missing = issue.code === 'invalid_type' && /received undefined$/.test(issue.message);
    out.push({ path: pathKey(issue.path), message: missing ? 'Required.' : issue.message });
  }
  return out;
}

/** Errors exactly at `path`. */
export const errorsAt = (errors: readonly FieldError[], path: string): FieldError[] =>
  errors.filter((e) => e.path === path);

/** Errors at `path` or anywhere below it (a fieldset of several inputs). */
export const errorsUnder = (errors: readonly FieldError[], path: string): FieldError[] =>
  errors.filter((e) => e.path === path || e.path.startsWith(`${path}.`));
