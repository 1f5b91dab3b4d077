import { daysOf, kpisQuery, topArtistsQuery } from '@music/metrics-contract';
import type { GoldQueryContext } from './gold-query-context';
import { GoldReader } from './gold-reader';
import { kpis } from './kpi-queries';
import { ResponseCache } from './response-cache';
import { createGoldLake, generateListeningEvents, type GoldLakeFixture } from './test-helpers/gold-lake-fixture';
import { groupTotals, listeningFacts, periodTotals, type ListeningFact } from './test-helpers/reference-metrics';
import { topArtists } from './top-chart-queries';

jest.setTimeout(120_000);

const NOW = Date.parse('2026-11-24T12:00:00.000Z');
const TODAY = '2026-11-24';
const CLIENTS = 8;

let fixture: GoldLakeFixture | undefined;
let reader: GoldReader | undefined;

afterAll(async () => {
  await reader?.close();
  await fixture?.close();
});

interface Answer {
  endpoint: 'kpis' | 'top-artists';
  version: number;
  from: string;
  /** kpis: streams of the period; top-artists: [artist_id, streams] of the top 3. */
  numbers: unknown;
}

describe('GoldReader under concurrent requests while gold gets new versions', () => {
  it('answers every request from exactly the version it names, and drops the copies of older versions', async () => {
    fixture = await createGoldLake();
    const lake = fixture;
    const gold = await GoldReader.open(lake.lake, { refreshIntervalMs: 0, now: () => NOW, connections: 3 });
    reader = gold;
    // Facts by version of each table read, recorded after each batch run (each writes one version of every gold table).
    const facts = new Map<string, ListeningFact[]>();
    const record = async () => {
      const events = listeningFacts(lake.events);
      for (const table of ['daily_active_listeners', 'top_artists_daily'] as const) facts.set(`${table}@${(await gold.view(table)).version}`, events);
    };
    await lake.append(generateListeningEvents({ firstDay: '2026-11-04', days: 21, eventsPerDay: 40, seed: 31, beforeHourUtc: 12 }));
    await record();

    const days = daysOf({ from: '2026-11-04', to: TODAY });
    const answers: Answer[] = [];
    let running = true;
    // A cache of one entry per request: every answer is computed, none comes from another request.
    const context = (): GoldQueryContext => ({ reader: gold, cache: new ResponseCache(1), now: NOW, today: TODAY });
    const ask = async (i: number) => {
      const from = days[i % days.length] as string;
      if (i % 2 === 0) {
        const { body } = await kpis(context(), kpisQuery.parse({ from, to: TODAY }));
        answers.push({ endpoint: 'kpis', version: body.table_version, from, numbers: body.kpis.streams.value });
      } else {
        const { body } = await topArtists(context(), topArtistsQuery.parse({ from, to: TODAY, limit: '3' }));
        answers.push({ endpoint: 'top-artists', version: body.table_version, from, numbers: body.artists.map((a) => [a.artist_id, a.streams]) });
      }
    };
    const clients = Array.from({ length: CLIENTS }, async (_, client) => {
      for (let i = client; running; i += CLIENTS) await ask(i);
    });
    try {
      for (const seed of [32, 33]) {
        await lake.append(generateListeningEvents({ firstDay: TODAY, days: 1, eventsPerDay: 30, seed, beforeHourUtc: 12 }));
        await record();
      }
    } finally {
      running = false;
      await Promise.all(clients);
    }

    const expected = (answer: Answer) => {
      const table = answer.endpoint === 'kpis' ? 'daily_active_listeners' : 'top_artists_daily';
      const known = facts.get(`${table}@${answer.version}`);
      if (!known) return `no batch run wrote ${table} version ${answer.version}`;
      const range = { from: answer.from, to: TODAY };
      return answer.endpoint === 'kpis'
        ? periodTotals(known, range).streams
        : groupTotals(known, range, (f) => f.artistId)
            .slice(0, 3)
            .map((g) => [g.key, g.streams]);
    };
    expect(new Set(answers.map((a) => `${a.endpoint}@${a.version}`)).size).toBeGreaterThanOrEqual(4);
    expect(answers.filter((answer) => JSON.stringify(answer.numbers) !== JSON.stringify(expected(answer))).map((answer) => ({ ...answer, expected: expected(answer) }))).toEqual([]);

    // Only the newest version of each table read stays in memory, once the last queries are done.
    // (kpis of a period that includes today read activity_per_minute too.)
    const newest = await Promise.all(
      (['activity_per_minute', 'daily_active_listeners', 'top_artists_daily'] as const).map(async (table) => `${table}__v${(await gold.view(table)).version}__`),
    );
    const inMemory = async () => (await gold.rows('SELECT table_name FROM duckdb_tables() ORDER BY table_name')).map((row) => String(row['table_name']));
    for (let attempt = 0; attempt < 50 && (await inMemory()).length !== 3; attempt++) await new Promise((resolve) => setTimeout(resolve, 100));
    const tables = await inMemory();
    expect(tables).toHaveLength(3);
    expect(tables.map((name, index) => name.startsWith(newest[index] as string))).toEqual([true, true, true]);
  });
});
