import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const stateSchema = z.object({
  /** Names this demo's topic, consumer group and lake folder, so --fresh never meets old data. */
  id: z.string().regex(/^[a-z0-9]+$/),
  topic: z.string().min(1),
  createdAt: z.iso.datetime(),
  /** Set once the backfill was delivered whole; a later run does not backfill again. */
  backfill: z.object({ from: z.iso.datetime(), to: z.iso.datetime(), events: z.number().int().min(0) }).nullable(),
});
export type DemoState = z.infer<typeof stateSchema>;

/** The demo's memory between runs, in `<demoDir>/state.json`. */
export class DemoStateFile {
  private readonly file: string;

  constructor(private readonly demoDir: string) {
    this.file = join(demoDir, 'state.json');
  }

  /** The saved state, or a new one (and an emptied folder) when there is none or `fresh` is asked. */
  openOrCreate(fresh: boolean, now: Date): { state: DemoState; created: boolean } {
    if (!fresh && existsSync(this.file)) {
      const parsed = stateSchema.safeParse(this.readJson());
      if (!parsed.success) {
        throw new Error(`${this.file} is not a demo state (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}); run with --fresh to start over`);
      }
      return { state: parsed.data, created: false };
    }
    rmSync(this.demoDir, { recursive: true, force: true });
    mkdirSync(this.demoDir, { recursive: true });
    const id = randomBytes(4).toString('hex');
    const state: DemoState = { id, topic: `demo-events-${id}`, createdAt: now.toISOString(), backfill: null };
    this.save(state);
    return { state, created: true };
  }

  save(state: DemoState): void {
    writeFileSync(this.file, `${JSON.stringify(state, null, 2)}\n`);
  }

  private readJson(): unknown {
    try {
      return JSON.parse(readFileSync(this.file, 'utf8'));
    } catch (error) {
      throw new Error(`cannot read ${this.file}; run with --fresh to start over`, { cause: error });
    }
  }
}
