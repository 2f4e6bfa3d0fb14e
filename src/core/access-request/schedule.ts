// The requested end date, kept within what the policy allows (graph-entitlement.md 1.3:
// expiration {type, duration, endDateTime}; requestorSettings.allowCustomAssignmentSchedule).
import { fail } from './failures';
import { quoteCustomerText as quote } from './quote-customer-text';

export interface PolicyExpiration {
  type?: string | null;
  duration?: string | null;
  endDateTime?: string | null;
}

export interface ScheduleDecision {
  /** The schedule to send, or undefined to let the policy decide. */
  schedule?: { startDateTime: string; expiration: { type: 'afterDateTime'; endDateTime: string } };
  /** A note for the comments when the request was adjusted. */
  note?: string;
}

/** ISO 8601 duration as Graph writes it (P365D, PT8H, P1DT12H): milliseconds, or undefined. */
export function durationMs(duration: string): number | undefined {
  const match = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(duration);
  if (!match || duration === 'P' || duration.endsWith('T')) return undefined;
  const [, w, d, h, m, s] = match;
  const days = Number(w ?? 0) * 7 + Number(d ?? 0);
  return ((days * 24 + Number(h ?? 0)) * 60 + Number(m ?? 0)) * 60_000 + Number(s ?? 0) * 1000;
}

/** A date field's value (YYYY-MM-DD, or a full date-time) as the end of that day in UTC. */
export function endOfDayUtc(value: string): Date | undefined {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = day ? new Date(`${value}T23:59:59Z`) : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function decideSchedule(input: {
  requestedEnd?: string;
  expiration?: PolicyExpiration | null;
  allowCustomSchedule?: boolean | null;
  now: number;
  packageName: string;
}): ScheduleDecision {
  if (!input.requestedEnd) return {};
  const end = endOfDayUtc(input.requestedEnd);
  if (!end) {
    fail('end_date_invalid', {
      customer: `The end date ${quote(input.requestedEnd)} is not a date we can read.`,
      agent: `The end-date field holds "${input.requestedEnd}", which is not a date. Correct the field and re-run the request.`,
    });
  }
  if (end.getTime() <= input.now) {
    fail('end_date_invalid', {
      customer: `The end date you chose (${formatDay(end)}) has already passed. Please raise a new request with a future date.`,
      agent: `Requested end date ${end.toISOString()} is in the past; nothing was requested in Entra.`,
    });
  }
  if (input.allowCustomSchedule === false) {
    return {
      note: `The policy does not allow a custom end date, so its own expiration applies (you asked for ${formatDay(end)}).`,
    };
  }
  let limit: Date | undefined;
  const type = (input.expiration?.type ?? '').toLowerCase();
  if (type === 'afterduration' && input.expiration?.duration) {
    const ms = durationMs(input.expiration.duration);
    if (ms !== undefined) limit = new Date(input.now + ms);
  } else if (type === 'afterdatetime' && input.expiration?.endDateTime) {
    limit = new Date(input.expiration.endDateTime);
  }
  const clamped = limit && end.getTime() > limit.getTime() ? limit : end;
  return {
    schedule: {
      startDateTime: new Date(input.now).toISOString(),
      expiration: { type: 'afterDateTime', endDateTime: clamped.toISOString().replace(/\.\d{3}Z$/, 'Z') },
    },
    note:
      clamped === end
        ? undefined
        : `The policy allows access until ${formatDay(clamped)} at most, so the end date was brought forward from ${formatDay(end)}.`,
  };
}

/** "31 Jan 2027": the customer-facing date format. */
export function formatDay(date: Date): string {
  return date.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}
