// Replaces the configuration with an exported JSON document, validated exactly like a save (the
// same schema, the same field paths); secrets are never part of it, so stored secrets of
// credentials that keep their id and kind stay as they are.
import * as z from 'zod';
import { ConfigSchema, type Config } from '../../config/schema';
import { fieldErrorsOf } from '../../config/field-errors';
import { OperationError } from '../operation';
import { adminOperation } from './deps';
import { storeConfiguration } from './store-configuration';

export const importConfiguration = adminOperation({
  input: z
    .object({ json: z.string().min(1, 'Paste the exported JSON.').max(2_000_000, 'At most 2 MB.') })
    .strict(),
  async run(deps, input): Promise<Config> {
    const startedAt = deps.clock.now();
    let raw: unknown;
    try {
      raw = JSON.parse(input.json);
    } catch (error) {
      const message = `This is not JSON (${error instanceof Error ? error.message : 'parse error'}). Paste the file exported from this page.`;
      throw new OperationError('invalid_input', message, [{ path: 'json', message }]);
    }
    const parsed = ConfigSchema.safeParse(raw);
    if (!parsed.success) {
      const errors = fieldErrorsOf(parsed.error.issues);
      throw new OperationError(
        'invalid_input',
        `The JSON does not hold a valid configuration (${errors.length} problem${errors.length === 1 ? '' : 's'}); nothing was changed.`,
        errors,
      );
    }
    return storeConfiguration(deps, parsed.data, { action: 'admin.import-configuration', startedAt });
  },
});
