// Times Snowball 3's english stemmer (the Porter2 revision) on a word list, single-threaded.
// usage: node bench_snowball3.mjs PACKAGE_DIR WORDS.txt REPEATS
//   PACKAGE_DIR: the unpacked `npm pack multilingual-stemmer@2.1.1` (MIT; Snowball 3.1.1 compiled to WebAssembly).
// Prints one JSON object: words, and for the peer the best wall time over REPEATS runs of stemming the whole list plus
// the SHA-256 of the stems joined by newlines (the harness checks that TextKit's stems are the same).
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const [pkg, path, repeatsText] = process.argv.slice(2);
const { english } = await import(pathToFileURL(join(pkg, 'dist', 'index.js')).href);
const words = readFileSync(path, 'utf8').split('\n');
if (words.length > 0 && words[words.length - 1] === '') words.pop();
let best = Infinity, stems = null;
for (let r = 0; r < Number(repeatsText); r++) {
  const t0 = process.hrtime.bigint();
  const out = new Array(words.length);
  for (let i = 0; i < words.length; i++) out[i] = english(words[i]);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (seconds < best) { best = seconds; stems = out; }
}
const sha256 = createHash('sha256').update(stems.join('\n'), 'utf8').digest('hex');
console.log(JSON.stringify({ words: words.length, snowball3: { seconds: best, sha256 } }));
