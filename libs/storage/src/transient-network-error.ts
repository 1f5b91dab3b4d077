import { errorCode } from './error-details';

/** Socket-level failures after which the same request may well succeed. */
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** True when the error, or one of its causes, is a transient socket failure or a request timeout. */
export function isTransientNetworkError(error: unknown): boolean {
  for (let current = error, depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    const code = errorCode(current);
    if (code && TRANSIENT_CODES.has(code)) return true;
    if (current instanceof Error && current.name === 'TimeoutError') return true;
    current = current instanceof Error ? current.cause : undefined;
  }
  return false;
}
