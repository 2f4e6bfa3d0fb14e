// The admin resolver's operations, typed from the registry the backend uses.
import type { AdminOperations } from '../../../src/core/admin/operations';
import { createClient } from '../../shared/bridge';

export const api = createClient<AdminOperations>();
