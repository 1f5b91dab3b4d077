import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GOLD_TABLES, SILVER_COLUMNS } from '@music/tables';

const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

describe('README.md', () => {
  it('documents every silver column and every gold table with its columns', () => {
    const tables = readme.split(/^### /m);
    const section = (title: string) => tables.find((part) => part.startsWith(`${title}\n`)) ?? '';
    for (const column of SILVER_COLUMNS) expect(section('silver_listening_events')).toContain(`| \`${column.name}\` | ${column.type} `);
    for (const table of GOLD_TABLES) {
      const text = section(table.name);
      expect({ table: table.name, documented: text.length > 0 }).toEqual({ table: table.name, documented: true });
      for (const column of table.columns) expect(text).toContain(`| \`${column.name}\` | ${column.type} (`);
    }
  });
});
