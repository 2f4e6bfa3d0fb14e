// Credentials: the app registrations (client id) and their secret or certificate. A secret is
// write-only: the page shows whether and when it was stored, can replace or remove it, and never
// receives it back.
import { useState } from 'react';
import type { Credential } from '../../../../src/config/schema';
import { errorsAt, type FieldError } from '../../../../src/config/field-errors';
import { focusPath } from '../../../shared/paths';
import { useAnnounce } from '../../../shared/ui/announcer';
import { FieldGroup, SelectField, TextArea, TextField } from '../../../shared/ui/fields';
import { api } from '../api';
import { useEditor } from '../editor';

const formatDate = (iso: string | undefined) =>
  iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '';

function SecretPanel({ credential, index }: { credential: Credential; index: number }) {
  const { saved, secrets, refresh } = useEditor();
  const announce = useAnnounce();
  const [open, setOpen] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const [clientSecret, setClientSecret] = useState('');
  const [privateKeyPem, setPrivateKeyPem] = useState('');
  const [certificatePem, setCertificatePem] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);
  const base = `credentials.${index}`;
  const isSaved = saved.credentials.some((c) => c.id === credential.id && c.kind === credential.kind);
  const status = isSaved ? secrets[credential.id] : undefined;
  const what = credential.kind === 'secret' ? 'Client secret' : 'Certificate';

  async function store() {
    setBusy(true);
    setMessage(undefined);
    const secret =
      credential.kind === 'secret'
        ? { kind: 'secret' as const, clientSecret }
        : { kind: 'certificate' as const, privateKeyPem, certificatePem };
    const r = await api.call('setCredentialSecret', { credentialId: credential.id, secret });
    setBusy(false);
    if (!r.ok) {
      // The resolver's paths are relative to this form (secret.clientSecret): anchor them here.
      const local = r.errors.map((e) => ({
        ...e,
        path: `${base}.${e.path.replace(/^credentialId$/, 'id')}`,
      }));
      setErrors(local);
      setMessage(r.message);
      if (local[0]) setTimeout(() => focusPath(local[0]!.path), 0);
      return;
    }
    setErrors([]);
    setClientSecret('');
    setPrivateKeyPem('');
    setCertificatePem('');
    setOpen(false);
    await refresh();
    announce(`${what} stored for ${credential.displayName}.`);
  }

  async function remove() {
    setBusy(true);
    const r = await api.call('deleteCredentialSecret', { credentialId: credential.id });
    setBusy(false);
    setConfirmRemove(false);
    if (!r.ok) return setMessage(r.message);
    await refresh();
    announce(`${what} removed from ${credential.displayName}.`);
  }

  if (!isSaved) {
    return (
      <p className="hint">
        Save the configuration first; then store this credential's {what.toLowerCase()} here.
      </p>
    );
  }
  return (
    <div className="group" role="group" aria-labelledby={`${base}-secret-title`}>
      <h3 id={`${base}-secret-title`}>{what}</h3>
      <p data-testid={`secret-status-${credential.id}`}>
        {status?.set ? (
          <>
            <span className="lozenge ok">Set</span> on {formatDate(status.setAt)}
            {status.thumbprint ? (
              <>
                {' '}
                · thumbprint <code>{status.thumbprint}</code>
              </>
            ) : null}
          </>
        ) : (
          <>
            <span className="lozenge warn">Not set</span> Tenants that use this credential cannot connect
            until it is stored.
          </>
        )}
      </p>
      {message ? (
        <div className="message error" role="alert">
          {message}
        </div>
      ) : null}
      {open ? (
        <div>
          {credential.kind === 'secret' ? (
            <TextField
              path={`${base}.secret.clientSecret`}
              label="Client secret value"
              type="password"
              autoComplete="new-password"
              value={clientSecret}
              onChange={setClientSecret}
              onEnter={() => void store()}
              errors={errorsAt(errors, `${base}.secret.clientSecret`)}
              hint="The secret's Value from Certificates & secrets in the app registration (not its Secret ID). It is stored encrypted and never shown again."
              required
            />
          ) : (
            <>
              <TextArea
                path={`${base}.secret.certificatePem`}
                label="Certificate (PEM)"
                value={certificatePem}
                onChange={setCertificatePem}
                errors={errorsAt(errors, `${base}.secret.certificatePem`)}
                hint="The certificate uploaded to the app registration: -----BEGIN CERTIFICATE-----…"
                required
              />
              <TextArea
                path={`${base}.secret.privateKeyPem`}
                label="Private key (PEM, unencrypted)"
                value={privateKeyPem}
                onChange={setPrivateKeyPem}
                errors={errorsAt(errors, `${base}.secret.privateKeyPem`)}
                hint="Its RSA private key: -----BEGIN PRIVATE KEY-----…"
                required
              />
            </>
          )}
          <div className="actions">
            <button type="button" className="button primary" disabled={busy} onClick={() => void store()}>
              Store {what.toLowerCase()}
            </button>
            <button
              type="button"
              className="button"
              onClick={() => {
                setOpen(false);
                setErrors([]);
                setMessage(undefined);
              }}
            >
              Cancel
            </button>
          </div>
        </div>
      ) : confirmRemove ? (
        <div className="message error" role="alertdialog" aria-labelledby={`${base}-remove-q`}>
          <p id={`${base}-remove-q`}>
            Remove the stored {what.toLowerCase()} of {credential.displayName}? Tenants that use it stop
            working until a new one is stored.
          </p>
          <div className="actions">
            <button
              type="button"
              className="button danger"
              disabled={busy}
              onClick={() => void remove()}
              autoFocus
            >
              Remove
            </button>
            <button type="button" className="button" onClick={() => setConfirmRemove(false)}>
              Keep it
            </button>
          </div>
        </div>
      ) : (
        <div className="actions">
          <button type="button" className="button" onClick={() => setOpen(true)}>
            {status?.set ? `Replace ${what.toLowerCase()}` : `Store ${what.toLowerCase()}`}
          </button>
          {status?.set ? (
            <button type="button" className="button subtle" onClick={() => setConfirmRemove(true)}>
              Remove {what.toLowerCase()}
            </button>
          ) : null}
        </div>
      )}
    </div>
  );
}

export function Credentials() {
  const { draft, errors, update } = useEditor();
  const add = () => {
    const index = draft.credentials.length;
    update(['credentials', index], { id: '', displayName: '', clientId: '', kind: 'secret' });
    setTimeout(() => focusPath(`credentials.${index}.displayName`), 0);
  };
  return (
    <section id="credentials" className="section" aria-labelledby="credentials-h">
      <h2 id="credentials-h">Credentials</h2>
      <p className="subtle">
        The Entra app registration the app signs in with: usually one multi-tenant registration consented in
        every customer tenant.
      </p>
      {draft.credentials.map((c, i) => {
        const p = `credentials.${i}`;
        return (
          <FieldGroup
            key={i}
            path={p}
            legend={c.displayName || `New credential`}
            errors={errorsAt(errors, p)}
          >
            <div className="grid">
              <TextField
                path={`${p}.displayName`}
                label="Display name"
                value={c.displayName}
                onChange={(v) => update(['credentials', i, 'displayName'], v)}
                errors={errorsAt(errors, `${p}.displayName`)}
                required
              />
              <TextField
                path={`${p}.id`}
                label="Id"
                value={c.id}
                onChange={(v) => update(['credentials', i, 'id'], v)}
                errors={errorsAt(errors, `${p}.id`)}
                hint="Short name tenants refer to, e.g. msp-app."
                required
              />
              <TextField
                path={`${p}.clientId`}
                label="Application (client) id"
                value={c.clientId}
                onChange={(v) => update(['credentials', i, 'clientId'], v)}
                errors={errorsAt(errors, `${p}.clientId`)}
                required
              />
              <SelectField
                path={`${p}.kind`}
                label="Signs in with"
                value={c.kind}
                onChange={(v) => update(['credentials', i, 'kind'], v)}
                choices={[
                  { value: 'secret', label: 'Client secret' },
                  { value: 'certificate', label: 'Certificate' },
                ]}
                errors={errorsAt(errors, `${p}.kind`)}
              />
            </div>
            <SecretPanel credential={c} index={i} />
            <button
              type="button"
              className="button subtle"
              onClick={() =>
                update(
                  ['credentials'],
                  draft.credentials.filter((_, j) => j !== i),
                )
              }
            >
              Remove credential {c.displayName}
            </button>
          </FieldGroup>
        );
      })}
      <button type="button" className="button" onClick={add}>
        Add credential
      </button>
    </section>
  );
}
