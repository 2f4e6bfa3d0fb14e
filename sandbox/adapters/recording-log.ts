// A Log that keeps every event, for assertions: which events, in which order, and that no secret
// ever reached a log line (`serialized()` is what a log sink would have received).
import type { Log, LogLevel } from '../../src/core/ports';

export interface LogEvent {
  level: LogLevel;
  name: string;
  fields: Record<string, unknown>;
}

export interface RecordingLog extends Log {
  readonly events: LogEvent[];
  /** The events with this name, in order. */
  named(name: string): LogEvent[];
  /** All events as JSON lines, for "never contains the secret" assertions. */
  serialized(): string;
  clear(): void;
}

export function createRecordingLog(): RecordingLog {
  const events: LogEvent[] = [];
  return {
    events,
    event(level, name, fields = {}) {
      events.push({ level, name, fields });
    },
    named: (name) => events.filter((event) => event.name === name),
    serialized: () =>
      events
        .map((event) =>
          JSON.stringify(event, (_key, value: unknown) =>
            typeof value === 'bigint' ? value.toString() : value,
          ),
        )
        .join('\n'),
    clear() {
      events.length = 0;
    },
  };
}
