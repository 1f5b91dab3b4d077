import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '@music/logger';
import { launchChromium } from './headless-chromium';
import { renderDocs } from './render-docs';

const ROOT = join(__dirname, '..', '..', '..');
const CHROMIUM = '/usr/bin/chromium';
const log = createLogger({ name: 'docs-test', level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });

describe('docs rendering in Debian chromium (real browser)', () => {
  jest.setTimeout(300_000);

  it('renders every diagram to a valid SVG and every slide deck to one PDF page per slide', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'docs-build-'));
    const report = await renderDocs({ root: ROOT, outDir, chromiumPath: CHROMIUM, log });

    const sources = readdirSync(join(ROOT, 'docs', 'diagrams')).filter((f) => f.endsWith('.mmd'));
    expect(report.diagrams).toHaveLength(sources.length);
    expect(sources.length).toBeGreaterThanOrEqual(4);

    // A standalone SVG must be well-formed XML: the browser shows a parser error page otherwise.
    const browser = await launchChromium(CHROMIUM);
    try {
      const page = await browser.newPage();
      for (const svg of report.diagrams) {
        await page.goto(`file://${svg}`);
        expect(await page.evaluate(() => [document.documentElement.tagName, document.getElementsByTagName('parsererror').length])).toEqual(['svg', 0]);
      }
    } finally {
      await browser.close();
    }

    const decks = readdirSync(join(ROOT, 'docs', 'slides')).filter((f) => f.endsWith('.md'));
    expect(report.decks).toHaveLength(decks.length);
    for (const deck of report.decks) {
      const pdf = readFileSync(deck.pdf, 'latin1');
      expect(pdf.startsWith('%PDF-')).toBe(true);
      expect(pdf.match(/\/Type\s*\/Page[^s]/g)?.length).toBe(deck.slides);
      expect(deck.slides).toBeGreaterThanOrEqual(10);
    }
  });

  it('names the file and the reason when a diagram does not parse', async () => {
    const root = mkdtempSync(join(tmpdir(), 'docs-broken-'));
    for (const dir of ['diagrams', 'architecture', 'slides']) mkdirSync(join(root, 'docs', dir), { recursive: true });
    cpSync(join(ROOT, 'docs', 'diagrams', 'architecture-compact.mmd'), join(root, 'docs', 'diagrams', 'ok.mmd'));
    writeFileSync(join(root, 'docs', 'diagrams', 'broken.mmd'), 'flowchart LR\n  a --> [unclosed\n');
    await expect(renderDocs({ root, outDir: join(root, 'out'), chromiumPath: CHROMIUM, log })).rejects.toThrow(
      /docs\/diagrams\/broken\.mmd: Mermaid could not render it: .*Parse error/,
    );
  });
});
