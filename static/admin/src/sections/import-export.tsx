// Export the configuration as JSON (never with secrets: the configuration holds none) and import
// one back, validated by the resolver exactly like a save; problems show at the import field.
import { useState } from 'react';
import type { FieldError } from '../../../../src/config/field-errors';
import { fieldId } from '../../../shared/paths';
import { useAnnounce } from '../../../shared/ui/announcer';
import { TextArea } from '../../../shared/ui/fields';
import { api } from '../api';
import { useEditor } from '../editor';

export function ImportExport() {
  const { refresh } = useEditor();
  const announce = useAnnounce();
  const [exported, setExported] = useState<{ json: string; fileName: string }>();
  const [json, setJson] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string }>();
  const [busy, setBusy] = useState(false);

  async function exportNow() {
    const r = await api.call('exportConfiguration', {});
    if (!r.ok) return setMessage({ kind: 'error', text: r.message });
    setExported(r.value);
    announce('Configuration exported: the JSON is shown below, with a download link.');
  }

  async function importNow() {
    setMessage(undefined);
    let problem: string | undefined;
    try {
      JSON.parse(json);
    } catch (error) {
      problem = `This is not JSON (${error instanceof Error ? error.message : 'parse error'}). Paste the file exported from this page.`;
    }
    if (problem) {
      setErrors([{ path: 'json', message: problem }]);
      setTimeout(() => document.getElementById(fieldId('import.json'))?.focus(), 0);
      return;
    }
    setBusy(true);
    const r = await api.call('importConfiguration', { json });
    setBusy(false);
    if (!r.ok) {
      // Each problem names where in the JSON it is, and all show at the import field.
      setErrors(
        r.errors.map((e) => ({
          path: 'json',
          message: e.path && e.path !== 'json' ? `${e.path}: ${e.message}` : e.message,
        })),
      );
      setMessage({ kind: 'error', text: r.message });
      setTimeout(() => document.getElementById(fieldId('import.json'))?.focus(), 0);
      return;
    }
    setErrors([]);
    setJson('');
    await refresh(true);
    setMessage({ kind: 'success', text: 'Configuration imported.' });
    announce('Configuration imported.');
  }

  const href = exported
    ? `data:application/json;charset=utf-8,${encodeURIComponent(exported.json)}`
    : undefined;
  return (
    <section id="import-export" className="section" aria-labelledby="import-export-h">
      <h2 id="import-export-h">Import and export</h2>
      <p className="subtle">
        The configuration as JSON, for a backup or another site. Secrets are never part of it: store them
        again under Credentials after importing on another site.
      </p>
      <div className="actions">
        <button type="button" className="button" onClick={() => void exportNow()}>
          Export configuration
        </button>
        {exported && href ? (
          <a href={href} download={exported.fileName}>
            Download {exported.fileName}
          </a>
        ) : null}
      </div>
      {exported ? (
        <TextArea
          path="export.json"
          label="Exported configuration"
          value={exported.json}
          onChange={() => undefined}
          readOnly
          rows={8}
        />
      ) : null}
      <TextArea
        path="import.json"
        label="Configuration to import"
        value={json}
        onChange={setJson}
        rows={8}
        errors={errors}
        hint="Paste an exported configuration. It replaces the saved configuration and any unsaved changes once it passes the same checks as a save; nothing changes if it does not."
      />
      {message ? (
        <div className={`message ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </div>
      ) : null}
      <div className="actions">
        <button
          type="button"
          className="button primary"
          disabled={busy || json.trim() === ''}
          onClick={() => void importNow()}
        >
          Import configuration
        </button>
      </div>
    </section>
  );
}
