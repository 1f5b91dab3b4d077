import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface HttpRequest {
  method: string;
  url: string;
  body?: Uint8Array;
  headers?: Record<string, string>;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | undefined>;
  body: Uint8Array;
}

/** One HTTP exchange; the WebHDFS client talks through it so tests can inject failures. */
export type HttpTransport = (request: HttpRequest) => Promise<HttpResponse>;

/**
 * HTTP over node:http rather than fetch: HDFS DataNodes answer uploads with an unsolicited
 * `100 Continue` before the real response, which undici rejects ("SocketError: bad response")
 * while node:http skips it as HTTP/1.1 allows.
 */
export function createNodeHttpTransport(options: { timeoutMs: number; maxSockets?: number }): HttpTransport {
  const agents = {
    'http:': new HttpAgent({ keepAlive: true, maxSockets: options.maxSockets ?? 16 }),
    'https:': new HttpsAgent({ keepAlive: true, maxSockets: options.maxSockets ?? 16 }),
  };
  return (request) =>
    new Promise<HttpResponse>((resolve, reject) => {
      const url = new URL(request.url);
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const agent = url.protocol === 'https:' ? agents['https:'] : agents['http:'];
      const outgoing = send(
        url,
        {
          method: request.method,
          agent,
          timeout: options.timeoutMs,
          headers: { ...request.headers, 'content-length': String(request.body?.byteLength ?? 0) },
        },
        (response) => collect(response).then(resolve, reject),
      );
      outgoing.on('timeout', () => {
        const error = Object.assign(new Error(`no answer from ${url.host} within ${options.timeoutMs} ms`), { code: 'ETIMEDOUT' });
        outgoing.destroy(error);
      });
      outgoing.on('error', reject);
      outgoing.end(request.body);
    });
}

function collect(response: IncomingMessage): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('error', reject);
    response.on('aborted', () => reject(Object.assign(new Error('response aborted'), { code: 'ECONNRESET' })));
    response.on('end', () => {
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(response.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      const body = Buffer.concat(chunks);
      resolve({ status: response.statusCode ?? 0, headers, body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength) });
    });
  });
}
