import { z } from 'zod';

/** The body of every error answer. */
export const errorResponse = z.object({ error: z.string(), message: z.string() });
export type ErrorResponse = z.output<typeof errorResponse>;

/** A 400: `details` names each parameter at fault, e.g. `querystring.limit`. */
export const validationErrorResponse = errorResponse.extend({
  details: z.array(z.object({ parameter: z.string(), message: z.string() })).optional(),
});
export type ValidationErrorResponse = z.output<typeof validationErrorResponse>;
