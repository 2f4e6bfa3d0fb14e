// Dates as the person's Jira shows them (locale and time zone from the context).
import type { PanelSettings } from './App';

export function formatDate(
  iso: string | undefined,
  settings: PanelSettings,
  withTime = false,
): string | undefined {
  if (!iso) return undefined;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return undefined;
  const options: Intl.DateTimeFormatOptions = withTime
    ? { dateStyle: 'medium', timeStyle: 'short' }
    : { dateStyle: 'long' };
  try {
    return new Intl.DateTimeFormat(settings.locale, { ...options, timeZone: settings.timeZone }).format(date);
  } catch {
    return new Intl.DateTimeFormat('en-US', { ...options, timeZone: 'UTC' }).format(date);
  }
}
