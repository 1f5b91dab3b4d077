import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The French deliverables and their English versions must keep the same structure. */
const root = resolve(__dirname, '..', '..', '..');
const PAIRS = ['docs/architecture/partie-1-decision-lakehouse', 'docs/architecture/partie-2-schema-traitement', 'docs/slides/lakehouse'];

function outline(file: string) {
  const text = readFileSync(resolve(root, file), 'utf8');
  const lines = text.split('\n');
  return {
    headingLevels: lines.filter((l) => /^#{1,6} /.test(l)).map((l) => l.indexOf(' ')),
    mermaidBlocks: lines.filter((l) => l.startsWith('```mermaid')).length,
    slideBreaks: lines.filter((l) => l === '---').length,
    tables: lines.filter((l) => /^\|\s*-{3}/.test(l)).length,
  };
}

describe('French and English docs', () => {
  it.each(PAIRS)('%s: the .fr.md and .en.md have the same headings, diagrams, slides and tables', (base) => {
    const fr = outline(`${base}.fr.md`);
    expect(fr.headingLevels.length).toBeGreaterThan(2);
    expect(outline(`${base}.en.md`)).toEqual(fr);
  });
});
