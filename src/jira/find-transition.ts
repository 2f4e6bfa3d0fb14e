// Which transition the configuration means: an exact id first, else the name compared
// case-insensitively and trimmed (admins type "resolve this issue" as often as the real casing).
import type { JiraTransition } from './get-transitions';

export function findTransition(
  transitions: readonly JiraTransition[],
  nameOrId: string,
): JiraTransition | undefined {
  const wanted = nameOrId.trim();
  const byId = transitions.find((t) => t.id === wanted);
  if (byId) return byId;
  const lower = wanted.toLowerCase();
  return transitions.find((t) => t.name.trim().toLowerCase() === lower);
}
