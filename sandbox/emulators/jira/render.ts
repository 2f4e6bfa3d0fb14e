// REST shapes of the site's records, as Jira Cloud answers them (field names and nesting after
// the platform v3 OpenAPI description and the JSM REST docs).
import { plainTextOf } from './adf';
import {
  ISSUE_TYPES,
  PRIORITIES,
  jiraDate,
  type Account,
  type Comment,
  type CustomField,
  type Issue,
} from './model';
import { ORGANIZATIONS_FIELD_ID, REQUEST_TYPE_FIELD_ID } from './model';
import type { JiraSite } from './site';
import { STATUS_CATEGORIES, resolutionFor, statusById } from './workflow';

export function renderUser(
  site: JiraSite,
  account: Account,
  view: 'platform' | 'jsm' = 'platform',
): Record<string, unknown> {
  // Jira returns emails according to each person's profile visibility: a hidden email is absent
  // from the platform API (reporter, /rest/api/3/user) and from JSM's views (request reporter,
  // organization users) alike. Only /rest/api/3/user/email ignores visibility (routes-meta.ts).
  const showEmail = account.email !== undefined && !account.emailHidden;
  const user: Record<string, unknown> =
    view === 'platform'
      ? {
          self: `${site.baseUrl}/rest/api/3/user?accountId=${encodeURIComponent(account.accountId)}`,
          accountId: account.accountId,
          accountType: account.accountType,
        }
      : { accountId: account.accountId };
  if (showEmail) user.emailAddress = account.email;
  Object.assign(user, { displayName: account.displayName, active: true, timeZone: 'Etc/UTC' });
  if (view === 'jsm')
    user._links = {
      self: `${site.baseUrl}/rest/api/3/user?accountId=${encodeURIComponent(account.accountId)}`,
    };
  return user;
}

function userRef(
  site: JiraSite,
  accountId: string | null,
  view: 'platform' | 'jsm' = 'platform',
): Record<string, unknown> | null {
  if (!accountId) return null;
  const account = site.accounts.get(accountId);
  return account ? renderUser(site, account, view) : { accountId };
}

export function renderStatus(site: JiraSite, statusId: string): Record<string, unknown> {
  const s = statusById(statusId);
  const c = STATUS_CATEGORIES[s.category];
  return {
    self: `${site.baseUrl}/rest/api/3/status/${s.id}`,
    description: '',
    iconUrl: `${site.baseUrl}/images/icons/status_generic.gif`,
    name: s.name,
    id: s.id,
    statusCategory: { self: `${site.baseUrl}/rest/api/3/statuscategory/${c.id}`, ...c },
  };
}

export function renderPriority(site: JiraSite, id: string): Record<string, unknown> {
  const p = PRIORITIES.find((x) => x.id === id) ?? PRIORITIES[2];
  return {
    self: `${site.baseUrl}/rest/api/3/priority/${p.id}`,
    iconUrl: `${site.baseUrl}/images/icons/priorities/${p.name.toLowerCase()}.svg`,
    name: p.name,
    id: p.id,
  };
}

export function renderOrganization(site: JiraSite, id: string): Record<string, unknown> {
  const org = site.organizations.get(id);
  return {
    id,
    name: org?.name ?? '',
    _links: { self: `${site.baseUrl}/rest/servicedeskapi/organization/${id}` },
  };
}

export function jsmDate(ms: number): Record<string, unknown> {
  return { iso8601: jiraDate(ms), jira: jiraDate(ms), friendly: new Date(ms).toUTCString(), epochMillis: ms };
}

function jsmStatus(issue: Issue): Record<string, unknown> {
  const s = statusById(issue.statusId);
  const last = issue.history.at(-1)?.at ?? issue.created;
  return {
    status: s.name,
    statusCategory: s.category === 'new' ? 'NEW' : s.category.toUpperCase(),
    statusDate: jsmDate(last),
  };
}

function requestTypeValue(site: JiraSite, issue: Issue): Record<string, unknown> | null {
  const rt = issue.requestTypeId ? site.requestTypes.get(issue.requestTypeId) : undefined;
  if (!rt) return null;
  return {
    _links: {
      jiraRest: `${site.baseUrl}/rest/api/2/issue/${issue.id}`,
      web: `${site.baseUrl}/servicedesk/customer/portal/${rt.serviceDeskId}/${issue.key}`,
    },
    requestType: {
      _links: {
        self: `${site.baseUrl}/rest/servicedeskapi/servicedesk/${rt.serviceDeskId}/requesttype/${rt.id}`,
      },
      id: rt.id,
      name: rt.name,
      description: rt.description,
      helpText: '',
      issueTypeId: rt.issueTypeId,
      serviceDeskId: rt.serviceDeskId,
      groupIds: [],
    },
    currentStatus: jsmStatus(issue),
  };
}

/** Every field of the issue in its REST shape, by field id. */
export function issueFieldValues(site: JiraSite, issue: Issue): Record<string, unknown> {
  const project = site.projects.get(issue.projectId)!;
  const issueType = ISSUE_TYPES.find((t) => t.id === issue.issueTypeId) ?? ISSUE_TYPES[0];
  const resolution = resolutionFor(issue.statusId);
  const values: Record<string, unknown> = {
    summary: issue.summary,
    description: issue.description,
    issuetype: {
      self: `${site.baseUrl}/rest/api/3/issuetype/${issueType.id}`,
      id: issueType.id,
      description: '',
      name: issueType.name,
      subtask: false,
      hierarchyLevel: 0,
    },
    project: {
      self: `${site.baseUrl}/rest/api/3/project/${project.id}`,
      id: project.id,
      key: project.key,
      name: project.name,
      projectTypeKey: project.projectTypeKey,
      simplified: false,
    },
    reporter: userRef(site, issue.reporterId),
    creator: userRef(site, issue.creatorId),
    assignee: null,
    status: renderStatus(site, issue.statusId),
    priority: renderPriority(site, issue.priorityId),
    labels: [...issue.labels],
    created: jiraDate(issue.created),
    updated: jiraDate(issue.updated),
    resolution: resolution
      ? { self: `${site.baseUrl}/rest/api/3/resolution/${resolution.id}`, ...resolution, description: '' }
      : null,
    [ORGANIZATIONS_FIELD_ID]: issue.organizationIds.length
      ? issue.organizationIds.map((id) => renderOrganization(site, id))
      : null,
    [REQUEST_TYPE_FIELD_ID]: requestTypeValue(site, issue),
  };
  for (const field of site.customFields.values()) values[field.id] = issue.custom.get(field.id) ?? null;
  return values;
}

export function renderComment(
  site: JiraSite,
  comment: Comment,
  withProperties: boolean,
): Record<string, unknown> {
  const author = userRef(site, comment.authorId);
  const out: Record<string, unknown> = {
    self: `${site.baseUrl}/rest/api/3/comment/${comment.id}`,
    id: comment.id,
    author,
    body: comment.body,
    updateAuthor: author,
    created: jiraDate(comment.created),
    updated: jiraDate(comment.updated),
    jsdPublic: !comment.internal,
  };
  if (withProperties) out.properties = [...comment.properties].map(([key, value]) => ({ key, value }));
  return out;
}

export function renderRequest(site: JiraSite, issue: Issue): Record<string, unknown> {
  const rt = site.requestTypes.get(issue.requestTypeId ?? '')!;
  const fieldValues: Record<string, unknown>[] = [
    { fieldId: 'summary', label: 'Summary', value: issue.summary },
    {
      fieldId: 'description',
      label: 'Description',
      value: issue.description ? plainTextOf(issue.description) : '',
    },
  ];
  for (const [id, value] of issue.custom) {
    const field: CustomField | undefined = site.customFields.get(id);
    if (field) fieldValues.push({ fieldId: id, label: field.name, value });
  }
  return {
    _expands: [
      'participant',
      'status',
      'sla',
      'requestType',
      'serviceDesk',
      'attachment',
      'action',
      'comment',
    ],
    issueId: issue.id,
    issueKey: issue.key,
    requestTypeId: rt.id,
    serviceDeskId: rt.serviceDeskId,
    createdDate: jsmDate(issue.created),
    reporter: userRef(site, issue.reporterId, 'jsm'),
    requestFieldValues: fieldValues,
    currentStatus: jsmStatus(issue),
    _links: {
      jiraRest: `${site.baseUrl}/rest/api/2/issue/${issue.id}`,
      web: `${site.baseUrl}/servicedesk/customer/portal/${rt.serviceDeskId}/${issue.key}`,
      self: `${site.baseUrl}/rest/servicedeskapi/request/${issue.id}`,
    },
  };
}

export function renderJsmComment(site: JiraSite, comment: Comment): Record<string, unknown> {
  return {
    id: comment.id,
    body: plainTextOf(comment.body),
    public: !comment.internal,
    author: userRef(site, comment.authorId, 'jsm'),
    created: jsmDate(comment.created),
    _links: { self: `${site.baseUrl}/rest/servicedeskapi/request/comment/${comment.id}` },
  };
}

// Plain-string descriptions in JSM are wiki markup: Jira renders them (and stores the rendered
// document), so what a request's text says in markup becomes live for agents. The subset that
// matters for safety is rendered here: links `[text|url]` and `[url]`, bare URLs, mentions
// `[~accountid:...]` and images `!url!` (block images follow their line's paragraph). Text
// formatting (`*bold*`, `{color}`) is kept as written.
// https://jira.atlassian.com/secure/WikiRendererHelpAction.jspa?section=all
const WIKI_TOKEN =
  /\[~accountid:([^\]\s]+)\]|\[([^|\]]*)\|([^\]\s]+)\]|\[((?:https?|mailto):[^\]\s]+)\]|!((?:https?:\/\/)?[^!\s]+\.[^!\s]+)!|((?:https?):\/\/[^\s[\]|!]+)/g;

export function renderWikiMarkup(text: string): Record<string, unknown> {
  const content: unknown[] = [];
  for (const line of text.split(/\r?\n/)) {
    const inline: unknown[] = [];
    const images: unknown[] = [];
    let last = 0;
    const plain = (s: string) => {
      if (s) inline.push({ type: 'text', text: s });
    };
    const link = (s: string, href: string) =>
      inline.push({ type: 'text', text: s || href, marks: [{ type: 'link', attrs: { href } }] });
    for (const m of line.matchAll(WIKI_TOKEN)) {
      plain(line.slice(last, m.index));
      last = m.index + m[0].length;
      if (m[1] !== undefined) inline.push({ type: 'mention', attrs: { id: m[1], text: `@${m[1]}` } });
      else if (m[3] !== undefined) link(m[2] ?? '', m[3]);
      else if (m[4] !== undefined) link(m[4], m[4]);
      else if (m[5] !== undefined)
        images.push({
          type: 'mediaSingle',
          content: [{ type: 'media', attrs: { type: 'external', url: m[5] } }],
        });
      else if (m[6] !== undefined) link(m[6], m[6]);
    }
    plain(line.slice(last));
    content.push({ type: 'paragraph', content: inline }, ...images);
  }
  return { version: 1, type: 'doc', content };
}
