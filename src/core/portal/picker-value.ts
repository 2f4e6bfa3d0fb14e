// What the portal's package picker saves with view.submit, and how the workflow finds it again.
// Jira stores the panel's data as an issue property keyed by the UUID part of the app id
// (forge-platform.md addendum), which is known only after `forge register`; so the value carries a
// marker, and the reader accepts only a UUID-keyed property whose value carries it. The value is
// input like any other: the workflow still checks the package against the tenant's allow-list.
// Plain TypeScript without zod: the portal bundle imports this file too.

export const PICKER_APP_MARKER = 'access-bridge';
export const PICKER_FIELD_KEY = 'accessPackage';

export interface PickerValue {
  app: typeof PICKER_APP_MARKER;
  version: 1;
  accessPackageId: string;
  /** For people reading the property; the workflow uses the id only. */
  displayName?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: string): boolean => UUID.test(value);

export function pickerValue(accessPackageId: string, displayName?: string): PickerValue {
  return { app: PICKER_APP_MARKER, version: 1, accessPackageId, displayName };
}

function isMarked(value: unknown): value is { app: string; accessPackageId: unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    (value as { app?: unknown }).app === PICKER_APP_MARKER
  );
}

/**
 * The package id in a property value, or undefined. How Jira lays out the submitted `fields` inside
 * the property is not documented in detail (to confirm on a real site): the marked object is
 * accepted as the value itself, under a field key, or as the `value` of a `{ key, value }` entry.
 */
export function pickedPackageId(value: unknown, depth = 0): string | undefined {
  if (isMarked(value)) {
    const id = value.accessPackageId;
    return typeof id === 'string' && UUID.test(id) ? id.toLowerCase() : undefined;
  }
  if (depth >= 2 || typeof value !== 'object' || value === null) return undefined;
  const children = Array.isArray(value) ? value : Object.values(value);
  const found = new Set(
    children.map((child) => pickedPackageId(child, depth + 1)).filter((id): id is string => id !== undefined),
  );
  // Two different choices in one property is not something the panel writes: never guess.
  return found.size === 1 ? [...found][0] : undefined;
}
