// Forge product events as the app's triggers receive them (forge-platform.md section 2): the
// slim `issue` (no custom fields), `timestamp` as a string of epoch ms, camel-case `issueType`.
// Listeners run as soon as the change is made; `settled()` waits for the promises they return,
// and a listener that throws is recorded in `errors` instead of breaking the emulator.

export interface SlimStatus {
  id: string;
  name: string;
  statusCategory: { id: number; key: string; colorName: string; name: string };
}

export interface ForgeIssueEvent {
  eventType: 'avi:jira:created:issue' | 'avi:jira:updated:issue';
  selfGenerated: boolean;
  timestamp: string;
  atlassianId: string;
  associatedUsers: { accountId: string }[];
  issue: {
    id: string;
    key: string;
    fields: {
      summary: string;
      issueType: { id: string; name: string; subtask: boolean; self: string; iconUrl: string };
      project: { id: string; key: string; name: string; projectTypeKey: string; simplified: boolean };
      creator: { accountId: string };
      reporter: { accountId: string } | null;
      assignee: null;
      status: SlimStatus;
      created: string;
      updated: string;
    };
  };
  /** Updated events: what changed. */
  changelog?: { id: string; items: ChangelogItem[] };
  /** Updated events on a status change: the old and the new status. */
  associatedStatuses?: { id: string; name: string }[];
}

/** One changed field, as in Jira's changelog: ids in from/to (null for text), names in *String. */
export interface ChangelogItem {
  field: string;
  fieldtype: 'jira' | 'custom';
  fieldId: string;
  from: string | null;
  fromString: string;
  to: string | null;
  toString: string;
}

export type JiraEventName = 'issueCreated' | 'issueUpdated';
export type JiraEventListener = (event: ForgeIssueEvent) => unknown;

export class JiraEvents {
  /** Every event emitted, in order (tests read it). */
  readonly history: ForgeIssueEvent[] = [];
  /** Errors thrown or rejected by listeners. */
  readonly errors: unknown[] = [];
  private readonly listeners = new Map<JiraEventName, Set<JiraEventListener>>();
  private readonly pending = new Set<Promise<unknown>>();

  /** Subscribes; returns the function that unsubscribes. */
  on(name: JiraEventName, listener: JiraEventListener): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  emit(name: JiraEventName, event: ForgeIssueEvent): void {
    this.history.push(event);
    for (const listener of [...(this.listeners.get(name) ?? [])]) {
      let result: unknown;
      try {
        result = listener(structuredClone(event));
      } catch (error) {
        this.errors.push(error);
        continue;
      }
      if (result instanceof Promise) {
        const tracked = result
          .catch((error: unknown) => this.errors.push(error))
          .finally(() => this.pending.delete(tracked));
        this.pending.add(tracked);
      }
    }
  }

  /** Resolves when every listener promise (including ones started meanwhile) has settled. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
