import { z } from 'zod';

/** Reusable zod fields for environment variables (always strings on input). */

export const port = (fallback: number) =>
  z.coerce
    .number({ error: 'expected a TCP port number' })
    .int('expected a whole number')
    .min(1, 'expected a port between 1 and 65535')
    .max(65535, 'expected a port between 1 and 65535')
    .default(fallback);

export const positiveInt = (fallback: number) =>
  z.coerce.number({ error: 'expected a number' }).int('expected a whole number').positive('expected a number > 0').default(fallback);

const HOST_PORT = /^[A-Za-z0-9.-]+:\d{1,5}$/;

/** `host:port[,host:port…]` as a list. */
export const hostPortList = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean))
    .refine((list) => list.length > 0 && list.every((hp) => HOST_PORT.test(hp)), {
      message: 'expected a comma-separated list of host:port',
    });

export const httpUrl = (fallback?: string) => {
  const url = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });
  return fallback === undefined ? url : url.default(fallback);
};

export const logLevel = z
  .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    error: 'expected one of fatal, error, warn, info, debug, trace, silent',
  })
  .default('info')
  .describe('Lowest level of the JSON logs written (pino levels).');

export const booleanFlag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'expected true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1' || value === 'yes');
