import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readFileSync, writeFileSync } from 'node:fs';
import { createLogger } from '@music/logger';
import { CONFIG_REFERENCE_PATH, generateConfigReference } from './config-reference';
import { renderDocs } from './render-docs';

const HELP = `Usage: npm run docs:render [-- --out DIR]
       npm run docs:config [-- --check]

Renders docs/diagrams/*.mmd to SVG and docs/slides/*.md to HTML and PDF with Debian's
chromium (CHROMIUM_PATH, default /usr/bin/chromium), and checks that every Mermaid block in
docs/architecture renders. Output: docs/_build (git-ignored) unless --out is given.

docs:config writes ${CONFIG_REFERENCE_PATH} from every program's config schema; with --check
it only says whether the file is up to date (exit 1 when it is not).
`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { out: { type: 'string' }, check: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const root = resolve(__dirname, '..', '..', '..');
  if (positionals[0] === 'config') {
    const file = resolve(root, CONFIG_REFERENCE_PATH);
    const reference = await generateConfigReference(root, process.env['PATH']);
    if (values.check) {
      const current = readFileSync(file, 'utf8');
      process.stdout.write(current === reference ? `${CONFIG_REFERENCE_PATH} is up to date\n` : `${CONFIG_REFERENCE_PATH} is stale: run npm run docs:config\n`);
      return current === reference ? 0 : 1;
    }
    writeFileSync(file, reference);
    process.stdout.write(`wrote ${CONFIG_REFERENCE_PATH}\n`);
    return 0;
  }
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
