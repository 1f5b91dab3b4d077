import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '@music/logger';
import { renderDocs } from './render-docs';

const HELP = `Usage: npm run docs:render [-- --out DIR]

Renders docs/diagrams/*.mmd to SVG and docs/slides/*.md to HTML and PDF with Debian's
chromium (CHROMIUM_PATH, default /usr/bin/chromium), and checks that every Mermaid block in
docs/architecture renders. Output: docs/_build (git-ignored) unless --out is given.
`;

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const root = resolve(__dirname, '..', '..', '..');
  const report = await renderDocs({
    root,
    outDir: resolve(values.out ?? resolve(root, 'docs', '_build')),
    chromiumPath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    log: createLogger({ name: 'docs', pretty: true }),
  });
  process.stdout.write(`${report.diagrams.length} diagrams, ${report.decks.length} slide decks rendered\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`docs:render failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
