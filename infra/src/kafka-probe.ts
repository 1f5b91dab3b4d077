import { createConnection } from 'node:net';

/**
 * Readiness probe: a real Kafka ApiVersions (v0) request, answered only once the broker
 * serves requests. Cheaper than a client library and than a JVM tool (about 3 s each).
 */
export function kafkaApiVersionsOk(host: string, port: number, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const correlationId = 0x6d75_7369; // "musi"
    let received = Buffer.alloc(0);
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => {
      const request = Buffer.alloc(14);
      request.writeInt32BE(10, 0); // size of what follows
      request.writeInt16BE(18, 4); // ApiVersions
      request.writeInt16BE(0, 6); // version 0
      request.writeInt32BE(correlationId, 8);
      request.writeInt16BE(-1, 12); // null client id
      socket.write(request);
    });
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 10) return;
      done(received.readInt32BE(4) === correlationId && received.readInt16BE(8) === 0);
    });
  });
}
