import { createServer } from 'node:net';

/**
 * A TCP port free on 127.0.0.1 now, chosen by the OS among the ephemeral ones: a program a test
 * starts never meets the fixed ports of the local services (Kafka, MinIO, HDFS) this way.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
