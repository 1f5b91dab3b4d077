import { z } from 'zod';
import { isTransientNetworkError } from './transient-network-error';

const remoteExceptionSchema = z.object({
  RemoteException: z.object({ exception: z.string(), javaClassName: z.string().optional(), message: z.string().optional() }),
});

/** A WebHDFS call answered with an error status; `exception` is the Java exception's simple name. */
export class WebHdfsError extends Error {
  constructor(
    readonly status: number,
    readonly exception: string | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'WebHdfsError';
  }

  /** Builds the error from a response, reading the `RemoteException` JSON body when there is one. */
  static fromResponse(what: string, status: number, body: Uint8Array): WebHdfsError {
    const text = Buffer.from(body).toString('utf8');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = remoteExceptionSchema.safeParse(json);
    if (parsed.success) {
      const { exception, message } = parsed.data.RemoteException;
      return new WebHdfsError(status, exception, `${what}: HTTP ${status} ${exception}: ${message ?? ''}`.trim());
    }
    return new WebHdfsError(status, undefined, `${what}: HTTP ${status} ${text.slice(0, 300)}`.trim());
  }
}

export function isWebHdfsNotFound(error: unknown): boolean {
  return error instanceof WebHdfsError && (error.status === 404 || error.exception === 'FileNotFoundException');
}

export function isWebHdfsAlreadyExists(error: unknown): boolean {
  return error instanceof WebHdfsError && error.exception === 'FileAlreadyExistsException';
}

/** Exceptions the NameNode raises while it cannot serve yet (failover, safe mode, overload). */
const TRANSIENT_EXCEPTIONS = new Set(['RetriableException', 'StandbyException', 'SafeModeException', 'ObserverRetryOnActiveException']);

export function isTransientWebHdfsError(error: unknown): boolean {
  if (isTransientNetworkError(error)) return true;
  if (!(error instanceof WebHdfsError)) return false;
  if (error.exception && TRANSIENT_EXCEPTIONS.has(error.exception)) return true;
  return error.status >= 500 || error.status === 429;
}
