import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CONFIG_REFERENCE_PATH, CONFIGURED_PROGRAMS, generateConfigReference } from './config-reference';

const root = resolve(__dirname, '..', '..', '..');

describe('configuration reference', () => {
  let generated: string;
  beforeAll(async () => {
    generated = await generateConfigReference(root, process.env['PATH']);
  }, 120_000);

  it('has one section per configured program, each with its variables', () => {
    const sections = generated.split('\n## ').slice(1);
    expect(sections).toHaveLength(CONFIGURED_PROGRAMS.length);
    for (const section of sections) expect(section).toMatch(/\n\| `[A-Z0-9_]+` \|/);
    expect(generated).toContain('| `INGEST_BATCH_MAX_WAIT_MS` |');
    expect(generated).toContain('| `INFRA_KAFKA_PORT` | integer >= 1 <= 65535 | `19092` |');
  });

  it('never prints a secret default', () => {
    expect(generated).not.toContain('musicadmin-secret');
  });

  it('is what docs/runbook/configuration.md holds (run `npm run docs:config` after changing a schema)', () => {
    expect(readFileSync(resolve(root, CONFIG_REFERENCE_PATH), 'utf8')).toBe(generated);
  });
});
