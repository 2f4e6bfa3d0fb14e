// The portal resolver's operations, typed from the registry the backend uses (types only: no
// server code reaches the bundle).
import type { PortalOperations } from '../../../src/core/portal/operations';
import { createClient } from '../../shared/bridge';

export const api = createClient<PortalOperations>();
