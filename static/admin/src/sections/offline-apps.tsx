// Offline apps: where a callout's ticket goes, by access package or catalog (or the tenant's
// default), the priority per stage, the assignee group and the reminder behaviour.
import { useEffect } from 'react';
import type { OfflineRoute } from '../../../../src/config/schema';
import { errorsAt, errorsUnder } from '../../../../src/config/field-errors';
import { focusPath } from '../../../shared/paths';
import { FieldGroup, SelectField, TextField, type Choice } from '../../../shared/ui/fields';
import { optional, useEditor } from '../editor';
import { CLOUD_NAMES, resumeAvailableIn } from '../../../../src/graph/calls/resume-assignment-request';

const RESUME_DOC = 'https://learn.microsoft.com/graph/api/accesspackageassignmentrequest-resume';

/** A tenant in a national cloud: Graph has no resume there, so the loop does not close by itself. */
function NoResumeNote({ tenantId }: { tenantId: string }) {
  const { draft } = useEditor();
  const tenant = draft.tenants.find((t) => t.tenantId === tenantId);
  if (!tenant || resumeAvailableIn(tenant.cloud)) return null;
  return (
    <div className="message info" role="note" data-testid="no-resume-note">
      {tenant.displayName || tenant.tenantId} is in the {CLOUD_NAMES[tenant.cloud]} cloud, where Microsoft
      Graph cannot resume a request (<a href={RESUME_DOC}>resume</a> is available in the global service only).
      Its tickets are still filed, but resolving one does not complete the Entra request: agents complete it
      in Entra by hand, and each ticket says so. Or set the custom extension to launch and continue, so Entra
      does not wait.
    </div>
  );
}

function Route({ route, index }: { route: OfflineRoute; index: number }) {
  const { draft, errors, update, lookups, loadRequestTypes } = useEditor();
  const p = `offlineApps.${index}`;
  const set = (field: keyof OfflineRoute, value: unknown) => update(['offlineApps', index, field], value);
  const target = route.target;
  const deskId = target.kind === 'jsm' ? target.serviceDeskId : '';
  useEffect(() => loadRequestTypes(deskId), [deskId, loadRequestTypes]);
  const priorities: Choice[] = (lookups.priorities ?? []).map((pr) => ({ value: pr.name, label: pr.name }));
  const withCurrent = (choices: Choice[], value: string) =>
    value && !choices.some((c) => c.value === value) ? [{ value, label: value }, ...choices] : choices;

  return (
    <FieldGroup path={p} legend={`Route ${route.id || '(new)'}`} errors={errorsAt(errors, p)}>
      <div className="grid">
        <TextField
          path={`${p}.id`}
          label="Route id"
          value={route.id}
          onChange={(v) => set('id', v)}
          errors={errorsAt(errors, `${p}.id`)}
          hint="e.g. contoso-sap"
          required
        />
        <SelectField
          path={`${p}.tenantId`}
          label="Tenant"
          value={route.tenantId}
          placeholder="Pick a tenant"
          choices={draft.tenants.map((t) => ({ value: t.tenantId, label: t.displayName || t.tenantId }))}
          onChange={(v) => set('tenantId', v)}
          errors={errorsAt(errors, `${p}.tenantId`)}
        />
        <NoResumeNote tenantId={route.tenantId} />
        <TextField
          path={`${p}.accessPackageId`}
          label="Access package id"
          value={route.accessPackageId}
          onChange={(v) => set('accessPackageId', optional(v))}
          errors={errorsAt(errors, `${p}.accessPackageId`)}
          hint="Route one package…"
        />
        <TextField
          path={`${p}.catalogId`}
          label="Catalog id"
          value={route.catalogId}
          onChange={(v) => set('catalogId', optional(v))}
          errors={errorsAt(errors, `${p}.catalogId`)}
          hint="…or a whole catalog. Neither: the tenant's default route."
        />
      </div>
      <FieldGroup path={`${p}.target`} legend="Ticket goes to" errors={errorsAt(errors, `${p}.target`)}>
        <div className="grid">
          <SelectField
            path={`${p}.target.kind`}
            label="Kind of ticket"
            value={target.kind}
            choices={[
              { value: 'jsm', label: 'JSM request (service desk)' },
              { value: 'jira', label: 'Jira issue (project)' },
            ]}
            onChange={(kind) =>
              set(
                'target',
                kind === 'jsm'
                  ? { kind: 'jsm', serviceDeskId: '', requestTypeId: '' }
                  : { kind: 'jira', projectKey: '', issueTypeId: '' },
              )
            }
            errors={errorsAt(errors, `${p}.target.kind`)}
          />
          {target.kind === 'jsm' ? (
            <>
              <SelectField
                path={`${p}.target.serviceDeskId`}
                label="Service desk"
                value={target.serviceDeskId}
                placeholder="Pick a service desk"
                choices={withCurrent(
                  (lookups.serviceDesks ?? []).map((d) => ({
                    value: d.id,
                    label: `${d.projectName} (${d.projectKey})`,
                  })),
                  target.serviceDeskId,
                )}
                onChange={(v) => set('target', { ...target, serviceDeskId: v, requestTypeId: '' })}
                errors={errorsAt(errors, `${p}.target.serviceDeskId`)}
              />
              <SelectField
                path={`${p}.target.requestTypeId`}
                label="Request type"
                value={target.requestTypeId}
                placeholder="Pick a request type"
                choices={withCurrent(
                  (lookups.requestTypes[target.serviceDeskId] ?? []).map((t) => ({
                    value: t.id,
                    label: t.name,
                  })),
                  target.requestTypeId,
                )}
                onChange={(v) => set('target', { ...target, requestTypeId: v })}
                errors={errorsAt(errors, `${p}.target.requestTypeId`)}
              />
            </>
          ) : (
            <>
              <TextField
                path={`${p}.target.projectKey`}
                label="Project key"
                value={target.projectKey}
                onChange={(v) => set('target', { ...target, projectKey: v.toUpperCase() })}
                errors={errorsAt(errors, `${p}.target.projectKey`)}
              />
              <TextField
                path={`${p}.target.issueTypeId`}
                label="Issue type id"
                value={target.issueTypeId}
                onChange={(v) => set('target', { ...target, issueTypeId: v })}
                errors={errorsAt(errors, `${p}.target.issueTypeId`)}
              />
            </>
          )}
        </div>
      </FieldGroup>
      <FieldGroup
        path={`${p}.priorities`}
        legend="Priority per stage"
        errors={errorsUnder(errors, `${p}.priorities`)}
      >
        <div className="grid">
          {(
            [
              ['approved', 'Access approved'],
              ['removed', 'Access removed'],
              ['reminder', 'Expiry reminder'],
            ] as const
          ).map(([stage, label]) => (
            <SelectField
              key={stage}
              path={`${p}.priorities.${stage}`}
              label={label}
              value={route.priorities[stage]}
              choices={withCurrent(priorities, route.priorities[stage])}
              onChange={(v) => set('priorities', { ...route.priorities, [stage]: v })}
            />
          ))}
        </div>
      </FieldGroup>
      <div className="grid">
        <TextField
          path={`${p}.assigneeGroup`}
          label="Assignee group (optional)"
          value={route.assigneeGroup}
          onChange={(v) => set('assigneeGroup', optional(v))}
          errors={errorsAt(errors, `${p}.assigneeGroup`)}
        />
        <SelectField
          path={`${p}.reminder`}
          label="Expiry reminders"
          value={route.reminder}
          choices={[
            { value: 'comment', label: 'Comment on the open ticket' },
            { value: 'ticket', label: 'Open a new ticket' },
            { value: 'none', label: 'None' },
          ]}
          onChange={(v) => set('reminder', v)}
        />
        <TextField
          path={`${p}.declinedResolutions`}
          label="Resolutions that mean declined"
          value={route.declinedResolutions.join(', ')}
          onChange={(v) =>
            set(
              'declinedResolutions',
              v
                .split(',')
                .map((s) => s.trim())
                .filter(Boolean),
            )
          }
          errors={errorsUnder(errors, `${p}.declinedResolutions`)}
          hint="Comma-separated, e.g. Won't Do, Declined."
        />
      </div>
      <button
        type="button"
        className="button subtle"
        onClick={() =>
          update(
            ['offlineApps'],
            draft.offlineApps.filter((_, j) => j !== index),
          )
        }
      >
        Remove route {route.id}
      </button>
    </FieldGroup>
  );
}

export function OfflineApps() {
  const { draft, update } = useEditor();
  const add = () => {
    const index = draft.offlineApps.length;
    const route: OfflineRoute = {
      id: '',
      tenantId: draft.tenants[0]?.tenantId ?? '',
      target: { kind: 'jsm', serviceDeskId: '', requestTypeId: '' },
      priorities: { approved: 'Medium', removed: 'High', reminder: 'Medium' },
      reminder: 'comment',
      declinedResolutions: ["Won't Do", 'Declined'],
    };
    update(['offlineApps', index], route);
    setTimeout(() => focusPath(`offlineApps.${index}.id`), 0);
  };
  return (
    <section id="offline-apps" className="section" aria-labelledby="offline-apps-h">
      <h2 id="offline-apps-h">Offline apps</h2>
      <p className="subtle">
        Entra custom-extension callouts for apps Entra cannot provision become tickets here; resolving the
        ticket resumes the Entra request, in the global cloud. Microsoft Graph has no resume in the US
        Government and China clouds: there, agents complete the request in Entra by hand.
      </p>
      {draft.offlineApps.map((r, i) => (
        <Route key={i} route={r} index={i} />
      ))}
      <button type="button" className="button" onClick={add}>
        Add route
      </button>
    </section>
  );
}
