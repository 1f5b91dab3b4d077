import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { DeliveryError, type EventSink } from './event-sink';
import type { RecordBatch } from './record-batch';

/**
 * `--out FILE` (or `-` for stdout): one event per line, the exact record value Kafka would get.
 * A file is written synchronously (the producer has nothing else to do meanwhile, and it saves a
 * thread-pool round trip per batch); stdout honours back-pressure, so a slow reader downstream of
 * a pipe slows the producer down instead of filling memory.
 */
export class NdjsonSink implements EventSink {
  readonly description: string;
  private fd: number | undefined;
  private stdoutFailure: Error | undefined;
  private opened = false;

  constructor(
    private readonly path: string,
    private readonly stdout: Writable,
  ) {
    this.description = path === '-' ? 'NDJSON on stdout' : `NDJSON file ${path}`;
  }

  async open(): Promise<void> {
    if (this.path === '-') {
      this.stdout.on('error', (error: Error) => {
        this.stdoutFailure ??= error;
      });
    } else {
      try {
        this.fd = openSync(this.path, 'w');
      } catch (error) {
        throw new DeliveryError(`Could not open ${this.path} for writing`, { cause: error });
      }
    }
    this.opened = true;
  }

  async send(batch: RecordBatch): Promise<void> {
    if (!this.opened) throw new Error('the NDJSON sink is not open');
    // The batch already holds its values as NDJSON (each followed by a newline): written as is.
    for (const chunk of batch.ndjsonChunks()) {
      if (this.fd === undefined) {
        await this.writeStdout(chunk);
        continue;
      }
      try {
        for (let written = 0; written < chunk.length; ) written += writeSync(this.fd, chunk, written);
      } catch (error) {
        throw new DeliveryError(`Could not write NDJSON to ${this.path}`, { cause: error });
      }
    }
  }

  async flush(): Promise<void> {
    if (this.fd !== undefined) {
      try {
        fsyncSync(this.fd);
      } catch (error) {
        // Character devices such as /dev/null cannot be synced; there is nothing to make durable.
        if ((error as NodeJS.ErrnoException).code !== 'EINVAL') throw new DeliveryError(`Could not sync ${this.path}`, { cause: error });
      }
    } else if (this.opened && this.stdout.writableLength > 0) {
      await this.drained();
    }
    this.checkStdout();
  }

  async close(): Promise<void> {
    this.opened = false;
    const fd = this.fd;
    this.fd = undefined;
    if (fd !== undefined) closeSync(fd);
  }

  private async writeStdout(chunk: Buffer): Promise<void> {
    this.checkStdout();
    if (!this.stdout.write(chunk)) await this.drained();
    this.checkStdout();
  }

  private checkStdout(): void {
    if (this.stdoutFailure) throw new DeliveryError('Could not write NDJSON to stdout', { cause: this.stdoutFailure });
  }

  private drained(): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        this.stdout.off('drain', done);
        this.stdout.off('error', done);
        this.stdout.off('close', done);
        resolve();
      };
      this.stdout.once('drain', done);
      this.stdout.once('error', done);
      this.stdout.once('close', done);
    });
  }
}
