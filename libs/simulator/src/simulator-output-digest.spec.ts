import { createHash } from 'node:crypto';
import { ListeningSimulator } from './listening-simulator';
import type { SimulationConfigInput } from './simulation-config';

/**
 * Pins the simulator's output: a seed must give the same bytes after any change that is meant to
 * be about speed only (users of the producer replay a seed to reproduce a data set). The digests
 * were taken from the code as it was before the generation-throughput work of issue #3, with
 * three independent writers (writeLastEventJson, lastEventJson, JSON.stringify of next()) that
 * agreed. A change of behaviour must change them on purpose, and say so in its commit.
 */
const PINNED: readonly { name: string; input: SimulationConfigInput; events: number; sha256: string }[] = [
  {
    name: 'default world, backfill from a Monday',
    input: { seed: 'pinned-output', startMs: Date.UTC(2025, 0, 6) },
    events: 100_000,
    sha256: '9f49b680e2629534f82c61a2d342098ff222cd6384316c799a0fdc5021ba03b0',
  },
  {
    name: 'small world calibrated to 50 events/s on a summer evening',
    input: { seed: 'pinned-small', startMs: Date.UTC(2025, 5, 14, 18), users: 3_000, artists: 300, tracks: 3_000, targetEventsPerSecond: 50 },
    events: 50_000,
    sha256: '1dca7450ac510dd3f4e2cafb12cbf924be7d9c4e6a3724d96e0d60e73112f4df',
  },
];

describe('simulator output for a fixed seed', () => {
  it.each(PINNED)('is byte for byte what it was: $name', ({ input, events, sha256 }) => {
    const simulator = ListeningSimulator.create(input);
    const written = createHash('sha256');
    const asString = createHash('sha256');
    const stringified = createHash('sha256');
    const target = Buffer.alloc(1 << 16);
    for (let i = 0; i < events; i++) {
      const event = simulator.next();
      if (event === undefined) throw new Error(`the simulation ended after ${i} events`);
      written.update(target.subarray(0, simulator.writeLastEventJson(target, 0))).update('\n');
      asString.update(simulator.lastEventJson()).update('\n');
      stringified.update(JSON.stringify(event)).update('\n');
    }
    expect({ writeLastEventJson: written.digest('hex'), lastEventJson: asString.digest('hex'), jsonStringify: stringified.digest('hex') }).toEqual({
      writeLastEventJson: sha256,
      lastEventJson: sha256,
      jsonStringify: sha256,
    });
  });
});
