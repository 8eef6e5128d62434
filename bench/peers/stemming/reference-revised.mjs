// Revised Porter2 reference stems (Snowball 3.x `english`) for the words of the classic fixtures.
// Usage: node reference-revised.mjs PACKAGE_DIR IN.tsv[.gz] OUT.tsv[.gz]
//   PACKAGE_DIR: the unpacked npm tarball of multilingual-stemmer@2.1.1 (`npm pack multilingual-stemmer@2.1.1`;
//   MIT; Snowball 3.1.1 algorithms compiled to WebAssembly). Reads the first column (word) of IN and writes
//   `word TAB stem`. Words with a lone surrogate are left out: they cannot cross into WebAssembly as UTF-8 (they would
//   arrive as U+FFFD), so the revised fixtures do not cover them; the classic fixtures and the shared code path do.
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const [pkg, input, output] = process.argv.slice(2);
const { english } = await import(pathToFileURL(join(pkg, 'dist', 'index.js')).href);
let text = readFileSync(input);
if (input.endsWith('.gz')) text = gunzipSync(text);
const words = text.toString('utf8').split('\n').filter(l => l.length > 0).map(l => l.split('\t')[0]);
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const rows = [];
let skipped = 0;
for (const w of words) {
  if (loneSurrogate.test(w)) { skipped++; continue; }
  const s = english(w);
  if (s.includes('\uFFFD') && !w.includes('\uFFFD')) throw new Error(`replacement character in the stem of ${JSON.stringify(w)}`);
  rows.push(`${w}\t${s}`);
}
let out = Buffer.from(rows.join('\n') + '\n', 'utf8');
if (output.endsWith('.gz')) out = gzipSync(out, { level: 9 });
writeFileSync(output, out);
console.error(`${rows.length} words written, ${skipped} with lone surrogates left out`);
