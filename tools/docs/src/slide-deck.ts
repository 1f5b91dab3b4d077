import { marked } from 'marked';

export interface Slide {
  /** Markdown of one slide, without the separators. */
  markdown: string;
}

/**
 * Splits a Marp-style deck: optional front matter between the first two `---` lines, then
 * slides separated by lines holding only `---` (outside code fences).
 */
export function splitSlides(deck: string): Slide[] {
  const lines = deck.replace(/\r\n/g, '\n').split('\n');
  let start = 0;
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((line, i) => i > 0 && line.trim() === '---');
    if (end > 0) start = end + 1;
  }
  const slides: string[][] = [[]];
  let inFence = false;
  for (const line of lines.slice(start)) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (!inFence && line.trim() === '---') slides.push([]);
    else slides[slides.length - 1]?.push(line);
  }
  return slides.map((s) => ({ markdown: s.join('\n').trim() })).filter((s) => s.markdown.length > 0);
}

const MERMAID_BLOCK = /```mermaid\n([\s\S]*?)```/g;

/** The Mermaid diagrams in a piece of Markdown, in order. */
export function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(MERMAID_BLOCK)].map((m) => m[1] ?? '');
}

/** Slides to one HTML document, a 16:9 page per slide; diagrams are replaced by their SVG. */
export function deckToHtml(title: string, slides: readonly Slide[], diagramsSvg: readonly string[][], lang: string): string {
  const sections = slides.map((slide, i) => {
    let n = 0;
    const body = String(marked.parse(slide.markdown.replace(MERMAID_BLOCK, () => `\n<div class="diagram" data-index="${n++}"></div>\n`), { async: false }));
    const withDiagrams = body.replace(/<div class="diagram" data-index="(\d+)"><\/div>/g, (_m, index: string) => `<div class="diagram">${diagramsSvg[i]?.[Number(index)] ?? ''}</div>`);
    return `<section class="slide" aria-label="slide ${i + 1}">${withDiagrams}<footer>${i + 1} / ${slides.length}</footer></section>`;
  });
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
  @page { size: 1280px 720px; margin: 0; }
  html, body { margin: 0; background: #fff; color: #1b1f24; font-family: 'DejaVu Sans', Arial, sans-serif; }
  .slide { box-sizing: border-box; width: 1280px; height: 720px; padding: 48px 64px; position: relative; page-break-after: always; overflow: hidden; }
  .slide h1 { font-size: 44px; color: #4a1d96; margin: 0 0 24px; }
  .slide h2 { font-size: 34px; color: #4a1d96; margin: 0 0 20px; }
  .slide p, .slide li { font-size: 22px; line-height: 1.45; }
  .slide table { border-collapse: collapse; font-size: 18px; }
  .slide th, .slide td { border: 1px solid #c9ccd1; padding: 6px 10px; text-align: left; }
  .slide code { font-size: 0.9em; background: #f2f3f5; padding: 1px 4px; border-radius: 3px; }
  .diagram { display: flex; justify-content: center; max-height: 470px; }
  .diagram svg { max-width: 100%; max-height: 470px; height: auto; }
  .diagram p, .diagram li { font-size: inherit; line-height: 1.5; margin: 0; }
  footer { position: absolute; right: 32px; bottom: 20px; font-size: 14px; color: #6b7280; }
</style></head><body>
${sections.join('\n')}
</body></html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}
