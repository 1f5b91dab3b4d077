// Lint fixture (never built): the control case, a type:util lib importing another type:util
// lib, which the boundaries rule allows.
import { ConfigError } from '@music/config';

export const errorType = ConfigError;
