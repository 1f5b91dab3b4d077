import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mermaidBlocks } from './slide-deck';

const DOCS = join(__dirname, '..', '..', '..', 'docs');
const read = (dir: string, ext: string) =>
  readdirSync(join(DOCS, dir))
    .filter((f) => f.endsWith(ext))
    .map((f) => ({ file: `${dir}/${f}`, text: readFileSync(join(DOCS, dir, f), 'utf8') }));

const normalise = (text: string) => text.replace(/\r\n/g, '\n').trim();

describe('diagrams kept as text', () => {
  const sources = new Map(read('diagrams', '.mmd').map((d) => [normalise(d.text), d.file]));
  const documents = [...read('architecture', '.md'), ...read('slides', '.md')];

  it.each(documents.map((d) => [d.file, d]))('%s embeds only diagrams that exist as docs/diagrams/*.mmd', (_file, doc) => {
    for (const block of mermaidBlocks(doc.text)) expect(sources.has(normalise(block))).toBe(true);
  });

  it('uses every diagram file somewhere', () => {
    const embedded = new Set(documents.flatMap((d) => mermaidBlocks(d.text).map(normalise)));
    expect([...sources.entries()].filter(([text]) => !embedded.has(text)).map(([, file]) => file)).toEqual([]);
  });
});
