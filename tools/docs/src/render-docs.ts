import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import type { Logger } from '@music/logger';
import { launchChromium } from './headless-chromium';
import { MermaidRenderer } from './mermaid-renderer';
import { deckToHtml, mermaidBlocks, splitSlides } from './slide-deck';

export interface RenderOptions {
  root: string;
  outDir: string;
  chromiumPath: string;
  log: Logger;
}

export interface RenderReport {
  diagrams: string[];
  decks: { html: string; pdf: string; slides: number }[];
}

const listFiles = (dir: string, extension: string) =>
  readdirSync(dir)
    .filter((name) => name.endsWith(extension))
    .sort()
    .map((name) => join(dir, name));

/**
 * docs/diagrams/*.mmd → SVG, docs/slides/*.md → HTML and PDF (one page per slide), and every
 * Mermaid block of docs/architecture/*.md checked to render. Output goes to `outDir`.
 */
export async function renderDocs(options: RenderOptions): Promise<RenderReport> {
  const { root, outDir, log } = options;
  const browser = await launchChromium(options.chromiumPath);
  const report: RenderReport = { diagrams: [], decks: [] };
  try {
    const mermaid = await MermaidRenderer.open(browser);
    mkdirSync(join(outDir, 'diagrams'), { recursive: true });
    for (const file of listFiles(join(root, 'docs', 'diagrams'), '.mmd')) {
      const svg = await mermaid.render(readFileSync(file, 'utf8'), relative(root, file), basename(file, '.mmd'));
      const out = join(outDir, 'diagrams', `${basename(file, '.mmd')}.svg`);
      writeFileSync(out, svg);
      report.diagrams.push(out);
      log.info({ from: relative(root, file), to: relative(root, out) }, 'diagram rendered');
    }
    for (const file of listFiles(join(root, 'docs', 'architecture'), '.md')) {
      const blocks = mermaidBlocks(readFileSync(file, 'utf8'));
      for (const [i, block] of blocks.entries()) await mermaid.render(block, `${relative(root, file)} (diagram ${i + 1})`, `doc-${i}`);
    }

    mkdirSync(join(outDir, 'slides'), { recursive: true });
    for (const file of listFiles(join(root, 'docs', 'slides'), '.md')) {
      const source = relative(root, file);
      const slides = splitSlides(readFileSync(file, 'utf8'));
      const svgs: string[][] = [];
      for (const [i, slide] of slides.entries()) {
        const rendered: string[] = [];
        for (const [j, block] of mermaidBlocks(slide.markdown).entries()) {
          rendered.push(await mermaid.render(block, `${source} (slide ${i + 1})`, `slide-${i}-${j}`));
        }
        svgs.push(rendered);
      }
      const name = basename(file, '.md');
      const lang = /\.fr$/.test(name) ? 'fr' : 'en';
      const html = join(outDir, 'slides', `${name}.html`);
      writeFileSync(html, deckToHtml(name, slides, svgs, lang));
      const page = await browser.newPage();
      await page.goto(`file://${html}`);
      const pdf = join(outDir, 'slides', `${name}.pdf`);
      await page.pdf({ path: pdf, width: '1280px', height: '720px', printBackground: true });
      await page.close();
      report.decks.push({ html, pdf, slides: slides.length });
      log.info({ from: source, slides: slides.length, pdf: relative(root, pdf) }, 'slides rendered');
    }
    await mermaid.close();
  } finally {
    await browser.close();
  }
  return report;
}
