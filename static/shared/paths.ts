// Field paths (`tenants.0.tenantId`, as in FieldError) to element ids and back, so an error from
// the schema or from the resolver lands on its input, and an error summary link can focus it.
export const fieldId = (path: string): string => `f-${path.replace(/[^A-Za-z0-9_-]/g, '-') || 'root'}`;

/** The element an error belongs to: the input at its path, else the nearest enclosing group. */
export function elementForPath(path: string): HTMLElement | null {
  const parts = path.split('.');
  for (let n = parts.length; n >= 0; n--) {
    const element = document.getElementById(fieldId(parts.slice(0, n).join('.')));
    if (element) return element;
  }
  return null;
}

export function focusPath(path: string): void {
  const element = elementForPath(path);
  if (!element) return;
  // A closed <details> hides its fields: open it first.
  for (let parent = element.parentElement; parent; parent = parent.parentElement) {
    if (parent instanceof HTMLDetailsElement && !parent.open) parent.open = true;
  }
  element.focus();
  element.scrollIntoView?.({ block: 'center' });
}

/** Returns a copy of `value` with `next` at `path` (arrays and objects copied along the way). */
export function setIn<T>(value: T, path: readonly (string | number)[], next: unknown): T {
  if (path.length === 0) return next as T;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const container = (value ?? (typeof head === 'number' ? [] : {})) as Record<string | number, unknown>;
  const copy = (Array.isArray(container) ? [...container] : { ...container }) as Record<
    string | number,
    unknown
  >;
  copy[head] = setIn(container[head], rest, next);
  if (next === undefined && rest.length === 0 && !Array.isArray(copy)) delete copy[head];
  return copy as T;
}
