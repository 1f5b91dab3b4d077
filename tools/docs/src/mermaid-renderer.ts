import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';

const MERMAID_BUNDLE = require.resolve('mermaid/dist/mermaid.min.js');

export class DiagramError extends Error {
  constructor(source: string, reason: string) {
    super(`${source}: Mermaid could not render it: ${reason}`);
    this.name = 'DiagramError';
  }
}

/** Renders Mermaid text to standalone SVG in one reusable page of a headless browser. */
export class MermaidRenderer {
  private constructor(private readonly page: Page) {}

  static async open(browser: Browser): Promise<MermaidRenderer> {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ content: readFileSync(MERMAID_BUNDLE, 'utf8') });
    await page.evaluate(() => {
      const w = window as unknown as { mermaid: { initialize(config: object): void } };
      // SVG text labels (no HTML in foreignObject): the SVG then stands alone and takes no page CSS.
      w.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'default', htmlLabels: false, flowchart: { htmlLabels: false } });
    });
    return new MermaidRenderer(page);
  }

  /** `source` names the diagram in errors (a file path, or file and slide). */
  async render(text: string, source: string, id = 'diagram'): Promise<string> {
    const result = await this.page.evaluate(
      async ({ text, id }) => {
        const w = window as unknown as { mermaid: { render(id: string, text: string): Promise<{ svg: string }> } };
        try {
          const { svg } = await w.mermaid.render(id, text);
          // Mermaid emits HTML-style markup (<br>); re-serialise as XML so the file is a valid SVG.
          const doc = new DOMParser().parseFromString(svg, 'text/html');
          const root = doc.querySelector('svg');
          if (!root) return { ok: false as const, reason: 'no <svg> element in the output' };
          return { ok: true as const, svg: new XMLSerializer().serializeToString(root) };
        } catch (error) {
          return { ok: false as const, reason: error instanceof Error ? error.message : String(error) };
        }
      },
      { text, id: id.replace(/[^A-Za-z0-9_-]/g, '-') },
    );
    if (!result.ok) throw new DiagramError(source, result.reason.split('\n').slice(0, 6).join(' '));
    return result.svg;
  }

  async close(): Promise<void> {
    await this.page.close();
  }
}
