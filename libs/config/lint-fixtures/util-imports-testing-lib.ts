// Lint fixture (never built): a type:util lib importing a type:testing lib must fail
// @nx/enforce-module-boundaries. tools/workspace-checks lints this file and expects the error.
import { serviceEndpoint } from '@music/test-support';

export const endpoint = serviceEndpoint;
