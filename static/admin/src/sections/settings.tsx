// Settings: caches, give-up and warning times, audit size.
import { errorsAt } from '../../../../src/config/field-errors';
import type { Settings as SettingsType } from '../../../../src/config/schema';
import { TextField } from '../../../shared/ui/fields';
import { useEditor } from '../editor';

const FIELDS: [keyof SettingsType, string, string][] = [
  ['lookupCacheSeconds', 'Package look-up cache (seconds)', '0 to 3600.'],
  ['followUpGiveUpHours', 'Give up following a request after (hours)', '1 to 336.'],
  ['offlineWarnDaysBeforeTimeout', "Warn before Entra's callout timeout (days)", '0 to 13.'],
  ['auditLimit', 'Audit entries kept', '50 to 5000; the oldest are dropped first.'],
];

export function Settings() {
  const { draft, errors, update } = useEditor();
  return (
    <section id="settings" className="section" aria-labelledby="settings-h">
      <h2 id="settings-h">Settings</h2>
      <div className="grid">
        {FIELDS.map(([key, label, hint]) => (
          <TextField
            key={key}
            path={`settings.${key}`}
            label={label}
            hint={hint}
            inputMode="numeric"
            value={draft.settings[key] === undefined ? '' : String(draft.settings[key])}
            onChange={(v) =>
              update(['settings', key], v.trim() === '' ? undefined : /^\d+$/.test(v.trim()) ? Number(v) : v)
            }
            errors={errorsAt(errors, `settings.${key}`)}
          />
        ))}
      </div>
    </section>
  );
}
