// The admin page: load the configuration and the Jira pickers, edit a draft section by section,
// check it with the shared schema, save it through the resolver. Secrets, connection tests, the
// audit trail and import/export are their own calls.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Config } from '../../../src/config/schema';
import type { FieldError } from '../../../src/config/field-errors';
import type { SecretStatus } from '../../../src/core/admin/secret-status';
import { setIn } from '../../shared/paths';
import { useAnnounce } from '../../shared/ui/announcer';
import { ErrorSummary } from '../../shared/ui/error-summary';
import { api } from './api';
import { describePath } from './describe-path';
import { EditorContext, validate, type Editor, type Lookups } from './editor';
import { AuditTrail } from './sections/audit-trail';
import { Credentials } from './sections/credentials';
import { ImportExport } from './sections/import-export';
import { OfflineApps } from './sections/offline-apps';
import { RequestTypes } from './sections/request-types';
import { Settings } from './sections/settings';
import { Tenants } from './sections/tenants';
import { WebTrigger } from './sections/web-trigger';

const SECTIONS = [
  ['credentials', 'Credentials'],
  ['tenants', 'Tenants'],
  ['request-types', 'Request types'],
  ['offline-apps', 'Offline apps'],
  ['settings', 'Settings'],
  ['web-trigger', 'Web trigger URL'],
  ['audit', 'Audit trail'],
  ['import-export', 'Import and export'],
] as const;

export function App() {
  const announce = useAnnounce();
  const [saved, setSaved] = useState<Config>();
  const [secrets, setSecrets] = useState<Record<string, SecretStatus>>({});
  const [draft, setDraft] = useState<Config>();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [checkAsYouType, setCheckAsYouType] = useState(false);
  const [loadError, setLoadError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useState<{ kind: 'success' | 'error'; text: string }>();
  const [lookups, setLookups] = useState<Lookups>({ requestTypes: {}, problems: [] });
  const [webTriggerUrl, setWebTriggerUrl] = useState<string>();
  const summaryRef = useRef<HTMLDivElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);

  const refresh = useCallback(async (replaceDraft = false) => {
    const r = await api.call('getConfiguration', {});
    if (!r.ok) return setLoadError(r.message);
    setSaved(r.value.config);
    setSecrets(r.value.secrets);
    setLookups((l) => ({ ...l, onForge: r.value.onForge }));
    // Keep unsaved edits; take the server's secret fields, which the page never edits.
    setDraft((d) =>
      d === undefined || replaceDraft
        ? r.value.config
        : {
            ...d,
            credentials: d.credentials.map((c) => {
              const s = r.value.config.credentials.find((x) => x.id === c.id);
              return s
                ? { ...c, secretSetAt: s.secretSetAt, certificateThumbprint: s.certificateThumbprint }
                : c;
            }),
          },
    );
  }, []);

  useEffect(() => {
    void refresh();
    const problems: string[] = [];
    const note = (what: string, message: string) => problems.push(`${what}: ${message}`);
    void Promise.all([
      api.call('listJiraOrganizations', {}),
      api.call('listServiceDesks', {}),
      api.call('listFields', {}),
      api.call('listPriorities', {}),
      api.call('getWebTriggerUrl', {}),
    ]).then(([orgs, desks, fields, priorities, url]) => {
      if (!orgs.ok) note('JSM organizations', orgs.message);
      if (!desks.ok) note('Service desks', desks.message);
      if (!fields.ok) note('Fields', fields.message);
      if (!priorities.ok) note('Priorities', priorities.message);
      if (url.ok) setWebTriggerUrl(url.value.url);
      else note('Web trigger URL', url.message);
      setLookups((l) => ({
        ...l,
        organizations: orgs.ok ? orgs.value : undefined,
        serviceDesks: desks.ok ? desks.value : undefined,
        fields: fields.ok ? fields.value : undefined,
        priorities: priorities.ok ? priorities.value : undefined,
        problems,
      }));
    });
  }, [refresh]);

  // Each desk's request types are asked for once, however many entries show that desk.
  const requested = useRef(new Set<string>());
  const loadRequestTypes = useCallback((serviceDeskId: string) => {
    if (!serviceDeskId || requested.current.has(serviceDeskId)) return;
    requested.current.add(serviceDeskId);
    void api.call('listRequestTypes', { serviceDeskId }).then((r) => {
      if (r.ok) setLookups((l) => ({ ...l, requestTypes: { ...l.requestTypes, [serviceDeskId]: r.value } }));
      else requested.current.delete(serviceDeskId);
    });
  }, []);

  const update = useCallback(
    (path: (string | number)[], value: unknown) => {
      setDraft((d) => {
        if (!d) return d;
        const next = setIn(d, path, value);
        if (checkAsYouType) setErrors(validate(next));
        return next;
      });
    },
    [checkAsYouType],
  );

  const dirty = useMemo(
    () => draft !== undefined && JSON.stringify(draft) !== JSON.stringify(saved),
    [draft, saved],
  );

  async function save() {
    if (!draft) return;
    setResult(undefined);
    setCheckAsYouType(true);
    const local = validate(draft);
    if (local.length > 0) {
      setErrors(local);
      setTimeout(() => summaryRef.current?.focus(), 0);
      return;
    }
    setSaving(true);
    const r = await api.call('saveConfiguration', draft);
    setSaving(false);
    if (!r.ok) {
      setErrors(r.errors);
      setResult({ kind: 'error', text: r.message });
      setTimeout(() => (r.errors.length ? summaryRef.current : resultRef.current)?.focus(), 0);
      return;
    }
    setErrors([]);
    setCheckAsYouType(false);
    setSaved(r.value);
    setDraft(r.value);
    await refresh();
    setResult({ kind: 'success', text: 'Configuration saved.' });
    announce('Configuration saved.');
    setTimeout(() => resultRef.current?.focus(), 0);
  }

  if (loadError) {
    return (
      <main className="page">
        <h1>Access Bridge</h1>
        <div className="message error" role="alert">
          The configuration could not be loaded: {loadError}
        </div>
      </main>
    );
  }
  if (!draft || !saved) {
    return (
      <main className="page" aria-busy="true">
        <h1>Access Bridge</h1>
        <p role="status">Loading the configuration…</p>
      </main>
    );
  }

  const editor: Editor = {
    draft,
    saved,
    secrets,
    errors,
    update,
    lookups,
    loadRequestTypes,
    webTriggerUrl,
    refresh,
  };
  return (
    <EditorContext.Provider value={editor}>
      <main className="page">
        <h1>Access Bridge</h1>
        <p className="subtle">
          JSM access requests become Microsoft Entra access-package assignments; Entra callouts for offline
          apps become JSM tickets.
        </p>
        <nav aria-label="Sections">
          <ul className="nav">
            {SECTIONS.map(([id, label]) => (
              <li key={id}>
                <a href={`#${id}`}>{label}</a>
              </li>
            ))}
          </ul>
        </nav>
        {lookups.problems.length > 0 ? (
          <div className="message error" role="alert">
            {lookups.problems.map((p) => (
              <p key={p}>{p}</p>
            ))}
          </div>
        ) : null}
        <ErrorSummary
          ref={summaryRef}
          title="The configuration was not saved. Fix these problems:"
          errors={errors}
          describe={(p) => describePath(p, draft)}
        />
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <Credentials />
          <Tenants />
          <RequestTypes />
          <OfflineApps />
          <Settings />
          <div className="savebar">
            <div
              ref={resultRef}
              tabIndex={-1}
              className={result ? `message ${result.kind}` : undefined}
              role={result?.kind === 'error' ? 'alert' : undefined}
              data-testid="save-result"
            >
              {result?.text}
            </div>
            <div className="actions">
              <button
                type="submit"
                className="button primary"
                disabled={saving}
                aria-describedby="save-state"
              >
                {saving ? 'Saving…' : 'Save configuration'}
              </button>
              <button
                type="button"
                className="button"
                disabled={!dirty || saving}
                onClick={() => {
                  setDraft(saved);
                  setErrors([]);
                  setCheckAsYouType(false);
                  announce('Unsaved changes discarded.');
                }}
              >
                Discard changes
              </button>
              <span id="save-state" className="subtle">
                {dirty ? 'Unsaved changes' : 'All changes saved'}
              </span>
            </div>
          </div>
        </form>
        <WebTrigger />
        <AuditTrail />
        <ImportExport />
      </main>
    </EditorContext.Provider>
  );
}
