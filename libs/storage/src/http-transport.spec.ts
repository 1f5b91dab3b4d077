import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNodeHttpTransport } from './http-transport';

/** A real local server behaving like an HDFS DataNode: an unsolicited 100 Continue before the answer. */
function startServer(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

describe('createNodeHttpTransport', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('skips an unsolicited 100 Continue and returns the final answer with the uploaded body echoed', async () => {
    const started = await startServer((request, response) => {
      response.writeContinue();
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        response.writeHead(201, { location: 'hdfs://x/y' });
        response.end(Buffer.concat(chunks));
      });
    });
    server = started.server;
    const transport = createNodeHttpTransport({ timeoutMs: 5_000 });
    const response = await transport({ method: 'PUT', url: `${started.url}/webhdfs/v1/a?op=CREATE`, body: new Uint8Array([0, 1, 2, 255]) });
    expect(response.status).toBe(201);
    expect(response.headers['location']).toBe('hdfs://x/y');
    expect([...response.body]).toEqual([0, 1, 2, 255]);
  });

  it('fails with ETIMEDOUT when the server stays silent', async () => {
    const started = await startServer(() => undefined);
    server = started.server;
    const transport = createNodeHttpTransport({ timeoutMs: 100 });
    await expect(transport({ method: 'GET', url: `${started.url}/slow` })).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    server.closeAllConnections();
  });

  it('fails with ECONNREFUSED when nothing listens', async () => {
    const started = await startServer(() => undefined);
    const port = (started.server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => started.server.close(() => resolve()));
    const transport = createNodeHttpTransport({ timeoutMs: 1_000 });
    await expect(transport({ method: 'GET', url: `http://127.0.0.1:${port}/` })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
