// Step 4: the reporter's email to a user of the routed tenant (UPN, mail, otherMails; guests with
// #EXT#; UPNs starting with $). Never cached across tickets: people join, leave and change names.
import type { Tenant } from '../../config/schema';
import { AmbiguousUserError, findUser, type GraphClient, type GraphUser } from '../../graph';
import { fail } from './failures';
import { quoteCustomerText as quote } from './quote-customer-text';

export async function resolveUser(
  graph: GraphClient,
  tenant: Tenant,
  email: string | undefined,
): Promise<GraphUser> {
  if (!email) {
    fail('reporter_email_unknown', {
      customer:
        'We could not read the email address of your account, so we cannot find you in your directory.',
      agent:
        "The reporter's email address is not visible to the app (Atlassian account privacy settings). Ask the customer for their work email, or raise the request on their behalf from an account whose email is visible.",
    });
  }
  let user: GraphUser | undefined;
  try {
    user = await findUser(graph, email);
  } catch (error) {
    if (error instanceof AmbiguousUserError) {
      fail(
        'user_ambiguous',
        {
          customer: `More than one account in your directory uses ${quote(email)}. We will confirm which one needs access.`,
          agent: `Several users in tenant ${tenant.displayName} match ${email}: ${error.candidates.join(', ')}. Fix the duplicate mail/otherMails values in Entra, or raise the request for the right account.`,
        },
        error,
      );
    }
    throw error;
  }
  if (!user) {
    fail('user_not_found', {
      customer: `We could not find ${quote(email)} in your organization's directory. Please check you raised the request with your work account.`,
      agent: `No user in tenant ${tenant.displayName} (${tenant.tenantId}) has ${email} as UPN, mail or other mail. Check the customer's account, or invite them as a guest first.`,
    });
  }
  if (user.accountEnabled === false) {
    fail('user_not_found', {
      customer: `The account ${quote(email)} is disabled in your organization's directory.`,
      agent: `User ${user.userPrincipalName} (${user.id}) is disabled in tenant ${tenant.displayName}; nothing was requested.`,
    });
  }
  return user;
}
