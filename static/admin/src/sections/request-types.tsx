// Request types: which JSM request types mean "grant" and "remove", the fields that hold the
// package, justification and end date, and whether provisioning waits for JSM approval.
import { useEffect } from 'react';
import type { RequestType } from '../../../../src/config/schema';
import { errorsAt } from '../../../../src/config/field-errors';
import { focusPath } from '../../../shared/paths';
import { Checkbox, FieldGroup, SelectField, TextField, type Choice } from '../../../shared/ui/fields';
import { optional, useEditor } from '../editor';

function RequestTypeEntry({ entry, index }: { entry: RequestType; index: number }) {
  const { draft, errors, update, lookups, loadRequestTypes } = useEditor();
  const p = `requestTypes.${index}`;
  const set = (field: keyof RequestType, value: unknown) => update(['requestTypes', index, field], value);
  useEffect(() => loadRequestTypes(entry.serviceDeskId), [entry.serviceDeskId, loadRequestTypes]);
  const desks = lookups.serviceDesks ?? [];
  const types = lookups.requestTypes[entry.serviceDeskId] ?? [];
  const fieldChoices: Choice[] = (lookups.fields ?? [])
    .filter((f) => f.custom)
    .map((f) => ({ value: f.id, label: `${f.name} (${f.id})` }));
  const withCurrent = (choices: Choice[], value: string | undefined) =>
    value && !choices.some((c) => c.value === value) ? [{ value, label: value }, ...choices] : choices;

  return (
    <FieldGroup path={p} legend={entry.name || 'New request type'} errors={errorsAt(errors, p)}>
      <div className="grid">
        <SelectField
          path={`${p}.serviceDeskId`}
          label="Service desk"
          value={entry.serviceDeskId}
          placeholder="Pick a service desk"
          choices={withCurrent(
            desks.map((d) => ({ value: d.id, label: `${d.projectName} (${d.projectKey})` })),
            entry.serviceDeskId,
          )}
          onChange={(id) => {
            const desk = desks.find((d) => d.id === id);
            update(['requestTypes', index], {
              ...entry,
              serviceDeskId: id,
              projectId: desk?.projectId ?? '',
              requestTypeId: '',
              issueTypeId: '',
              name: '',
            });
          }}
          errors={errorsAt(errors, `${p}.serviceDeskId`)}
        />
        <SelectField
          path={`${p}.requestTypeId`}
          label="Request type"
          value={entry.requestTypeId}
          placeholder={entry.serviceDeskId ? 'Pick a request type' : 'Pick a service desk first'}
          choices={withCurrent(
            types.map((t) => ({ value: t.id, label: t.name })),
            entry.requestTypeId,
          )}
          onChange={(id) => {
            const type = types.find((t) => t.id === id);
            update(['requestTypes', index], {
              ...entry,
              requestTypeId: id,
              issueTypeId: type?.issueTypeId ?? entry.issueTypeId,
              name: type?.name ?? entry.name,
            });
          }}
          errors={[
            ...errorsAt(errors, `${p}.requestTypeId`),
            ...errorsAt(errors, `${p}.issueTypeId`),
            ...errorsAt(errors, `${p}.projectId`),
          ]}
        />
        <SelectField
          path={`${p}.action`}
          label="It asks to"
          value={entry.action}
          choices={[
            { value: 'grant', label: 'Grant an access package' },
            { value: 'remove', label: 'Remove an access package' },
          ]}
          onChange={(v) => set('action', v)}
          errors={errorsAt(errors, `${p}.action`)}
        />
      </div>
      <div className="grid">
        <SelectField
          path={`${p}.packageFieldId`}
          label="Field holding the package"
          value={entry.packageFieldId}
          placeholder="None (the portal panel sets it)"
          choices={withCurrent(fieldChoices, entry.packageFieldId)}
          onChange={(v) => set('packageFieldId', optional(v))}
          errors={errorsAt(errors, `${p}.packageFieldId`)}
        />
        <SelectField
          path={`${p}.justificationFieldId`}
          label="Justification field"
          value={entry.justificationFieldId}
          placeholder="None"
          choices={withCurrent(fieldChoices, entry.justificationFieldId)}
          onChange={(v) => set('justificationFieldId', optional(v))}
          errors={errorsAt(errors, `${p}.justificationFieldId`)}
        />
        <SelectField
          path={`${p}.endDateFieldId`}
          label="End date field"
          value={entry.endDateFieldId}
          placeholder="None"
          choices={withCurrent(fieldChoices, entry.endDateFieldId)}
          onChange={(v) => set('endDateFieldId', optional(v))}
          errors={errorsAt(errors, `${p}.endDateFieldId`)}
        />
      </div>
      <FieldGroup path={`${p}.approval`} legend="Approval" errors={errorsAt(errors, `${p}.approval`)}>
        <Checkbox
          path={`${p}.approval.required`}
          label="Every request of this type also waits for JSM approval"
          checked={entry.approval.required}
          onChange={(on) => set('approval', { ...entry.approval, required: on })}
        />
        <p className="hint">
          Which packages need approval is set per package or catalog under Tenants, whatever request type
          carries them. The app provisions only after a final approve in JSM&apos;s approval record, never on
          a status name
          {entry.approval.approvedStatus
            ? ` (the status "${entry.approval.approvedStatus}" of an older configuration is no longer used)`
            : ''}
          .
        </p>
      </FieldGroup>
      <TextField
        path={`${p}.doneTransition`}
        label="Transition that resolves the ticket"
        value={entry.doneTransition}
        onChange={(v) => set('doneTransition', optional(v))}
        errors={errorsAt(errors, `${p}.doneTransition`)}
        hint="Name or id, e.g. Resolve this issue. Empty: the ticket is left for an agent."
      />
      <button
        type="button"
        className="button subtle"
        onClick={() =>
          update(
            ['requestTypes'],
            draft.requestTypes.filter((_, j) => j !== index),
          )
        }
      >
        Remove request type {entry.name}
      </button>
    </FieldGroup>
  );
}

export function RequestTypes() {
  const { draft, update } = useEditor();
  const add = () => {
    const index = draft.requestTypes.length;
    const entry: RequestType = {
      requestTypeId: '',
      serviceDeskId: '',
      projectId: '',
      issueTypeId: '',
      name: '',
      action: 'grant',
      approval: { required: false },
    };
    update(['requestTypes', index], entry);
    setTimeout(() => focusPath(`requestTypes.${index}.serviceDeskId`), 0);
  };
  return (
    <section id="request-types" className="section" aria-labelledby="request-types-h">
      <h2 id="request-types-h">Request types</h2>
      <p className="subtle">The JSM request types that ask for access, and where their fields are.</p>
      {draft.requestTypes.map((r, i) => (
        <RequestTypeEntry key={i} entry={r} index={i} />
      ))}
      <button type="button" className="button" onClick={add}>
        Add request type
      </button>
    </section>
  );
}
