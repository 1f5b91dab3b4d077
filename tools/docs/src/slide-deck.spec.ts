import { deckToHtml, mermaidBlocks, splitSlides } from './slide-deck';

const deck = `---
marp: true
title: Test
---

# One

text

---

## Two

\`\`\`mermaid
flowchart LR
  A --> B
\`\`\`

\`\`\`yaml
---
not: a slide break
\`\`\`

---

## Three
`;

describe('slide deck', () => {
  it('skips front matter and splits on --- outside code fences', () => {
    const slides = splitSlides(deck);
    expect(slides.map((s) => s.markdown.split('\n')[0])).toEqual(['# One', '## Two', '## Three']);
    expect(slides[1]?.markdown).toContain('not: a slide break');
  });

  it('finds the Mermaid blocks of a slide', () => {
    expect(mermaidBlocks(splitSlides(deck)[1]?.markdown ?? '')).toEqual(['flowchart LR\n  A --> B\n']);
  });

  it('renders one page per slide with diagrams inlined', () => {
    const slides = splitSlides(deck);
    const html = deckToHtml('Deck <1>', slides, [[], ['<svg id="x"></svg>'], []], 'fr');
    expect(html.match(/<section class="slide"/g)).toHaveLength(3);
    expect(html).toContain('<div class="diagram"><svg id="x"></svg></div>');
    expect(html).toContain('<title>Deck &lt;1&gt;</title>');
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('3 / 3');
  });
});
