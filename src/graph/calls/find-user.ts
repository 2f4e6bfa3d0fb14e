// Resolve a reporter to a directory user: an object id directly, otherwise one filtered call on
// UPN, mail and otherMails, picked in code by precedence (graph-entitlement.md section 3).
// 0 matches: undefined; >1 at the same precedence: AmbiguousUserError ("needs a human").
// https://learn.microsoft.com/graph/api/user-get, https://learn.microsoft.com/graph/api/user-list
import type { GraphClient } from '../client';
import { AmbiguousUserError, GraphBadRequestError, GraphNotFoundError } from '../errors';
import { encodePathSegment, encodeQuery, odataLiteral, userPath } from '../odata';
import { USER_SELECT, UserSchema } from '../schemas';
import type { User } from '../types';
import { isGuid } from './paths';

type Tier = 'userPrincipalName' | 'mail' | 'otherMails';
const TIERS: Tier[] = ['userPrincipalName', 'mail', 'otherMails'];

function matches(user: User, tier: Tier, needle: string): boolean {
  if (tier === 'otherMails') return user.otherMails.some((m) => m.toLowerCase() === needle);
  return user[tier]?.toLowerCase() === needle;
}

/** The single user matching at the first tier that matches anyone; throws when that tier has several. */
function pick(users: User[], identifier: string, tiers: Tier[] = TIERS): User | undefined {
  const needle = identifier.toLowerCase();
  for (const tier of tiers) {
    const hits = [...new Map(users.filter((u) => matches(u, tier, needle)).map((u) => [u.id, u])).values()];
    if (hits.length === 1) return hits[0];
    if (hits.length > 1) {
      throw new AmbiguousUserError(
        `${hits.length} directory users have ${tier} "${identifier}"; pick the right one by hand.`,
        hits.map((u) => ({ id: u.id, userPrincipalName: u.userPrincipalName })),
      );
    }
  }
  return undefined;
}

async function getUser(graph: GraphClient, path: string): Promise<User | undefined> {
  try {
    const { data } = await graph.request({
      method: 'GET',
      path: `/v1.0${path}${encodeQuery({ $select: USER_SELECT })}`,
      schema: UserSchema,
    });
    return data;
  } catch (error) {
    if (error instanceof GraphNotFoundError) return undefined;
    throw error;
  }
}

const listUsers = (graph: GraphClient, filter: string): Promise<User[]> =>
  graph.getAllPages(`/v1.0/users${encodeQuery({ $filter: filter, $select: USER_SELECT })}`, UserSchema);

export async function findUser(graph: GraphClient, identifier: string): Promise<User | undefined> {
  const value = identifier.trim();
  if (value === '') return undefined;
  if (isGuid(value)) return getUser(graph, `/users/${encodePathSegment(value)}`);

  const lit = odataLiteral(value);
  try {
    const users = await listUsers(
      graph,
      `userPrincipalName eq ${lit} or mail eq ${lit} or otherMails/any(m:m eq ${lit})`,
    );
    return pick(users, value);
  } catch (error) {
    if (!(error instanceof GraphBadRequestError)) throw error;
  }
  // To confirm on a real tenant: whether Graph takes `or` across userPrincipalName, mail and a
  // lambda on otherMails without advanced query. On a 400, one call per precedence instead.
  const byUpn = await getUserByUpn(graph, value);
  if (byUpn) return byUpn;
  const byMail = pick(await listUsers(graph, `mail eq ${lit}`), value, ['mail']);
  if (byMail) return byMail;
  return pick(await listUsers(graph, `otherMails/any(m:m eq ${lit})`), value, ['otherMails']);
}

/** `/users/{upn}`; a value that is no valid key (400) is "no such UPN", like a 404. */
async function getUserByUpn(graph: GraphClient, upn: string): Promise<User | undefined> {
  if (upn === '.' || upn === '..') return undefined; // no segment can carry these (odata.ts)
  try {
    return await getUser(graph, userPath(upn));
  } catch (error) {
    if (error instanceof GraphBadRequestError) return undefined;
    throw error;
  }
}
