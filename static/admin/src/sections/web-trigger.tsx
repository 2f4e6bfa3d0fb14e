// The web trigger URL the relay Logic Apps call, with a copy button; each tenant's relay adds
// ?tenant=<tenant id> (its own URL is on the tenant's card).
import { fieldId } from '../../../shared/paths';
import { CopyButton } from '../../../shared/ui/copy-button';
import { TextField } from '../../../shared/ui/fields';
import { useEditor } from '../editor';

export function WebTrigger() {
  const { webTriggerUrl } = useEditor();
  return (
    <section id="web-trigger" className="section" aria-labelledby="web-trigger-h">
      <h2 id="web-trigger-h">Web trigger URL</h2>
      <p className="subtle">
        Give this URL to the relay Logic App deployed in each customer tenant. The relay calls it as{' '}
        <code>{'<url>?tenant=<tenant id>'}</code>; each call must carry the relay's own token, which the app
        verifies.
      </p>
      {webTriggerUrl ? (
        <div className="row">
          <TextField
            path="webTriggerUrl"
            label="Web trigger URL"
            value={webTriggerUrl}
            onChange={() => undefined}
            readOnly
            className="code-input"
          />
          <div className="field">
            <CopyButton text={webTriggerUrl} label="web trigger URL" selectId={fieldId('webTriggerUrl')} />
          </div>
        </div>
      ) : (
        <p role="status">Loading the URL…</p>
      )}
    </section>
  );
}
