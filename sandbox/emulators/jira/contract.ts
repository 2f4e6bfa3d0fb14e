// Atlassian's own description of /rest/api/3 (the trimmed extract under test/contracts, from the
// platform OpenAPI document) decides what the emulator accepts: a request the contract rejects
// gets Jira's 400 before any handler runs.
import { createContractValidator, loadContract } from '../../../test/contracts/validator';

/** Problems with the request; undefined when the extract does not describe the operation. */
export type PlatformContract = (
  method: string,
  path: string,
  rawQuery: string,
  body: unknown,
) => string[] | undefined;

export function createPlatformContract(): PlatformContract {
  const validator = createContractValidator(loadContract('jira-platform'), { pathPrefix: '' });
  return (method, path, rawQuery, body) => {
    // Operations the extract leaves out (GET /rest/api/3/user, PUT /rest/api/3/issue/{key}) are
    // served unchecked rather than refused; the emulator's router already knows they exist.
    // Adding them to scripts/extract-contracts.ts brings them under the contract.
    if (validator.resolve(method, path).kind !== 'match') return undefined;
    return validator.validateRequest(method, path, rawQuery, body);
  };
}
