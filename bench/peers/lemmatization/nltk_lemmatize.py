#!/usr/bin/python3
"""Lemmatization peers on a tagged word list, for `harness lemmatization`.

usage: nltk_lemmatize.py WORDNET_DICT TRAIN.conllu WORDS.tsv OUT_PREFIX REPEATS
  WORDNET_DICT  WordNet 3.0 dict folder (Debian wordnet-base, as `textkit data fetch wordnet30` gives)
  WORDS.tsv     one word per line: FORM <TAB> UPOS
Writes OUT_PREFIX.<peer>.txt (one lemma per line) and prints a JSON object with the best wall time of each peer:
  nltk        NLTK WordNetLemmatizer.lemmatize(form lower-cased unless PROPN, pos from UPOS: n/v/a/r, else n)
  lookup_wn   the lemma seen most often with (FORM, UPOS) in TRAIN, else the NLTK lemmatizer as above
  identity    lemma = form
NLTK's WordNet reader needs a 'lexnames' file that Debian's dict folder lacks; the standard 45-line list is written
into a temporary copy of the folder (symlinks to the data files).
"""
import collections
import json
import os
import sys
import tempfile
import time
import warnings

from nltk.corpus.reader.wordnet import WordNetCorpusReader
from nltk.stem import WordNetLemmatizer

LEXNAMES = """adj.all adj.pert adv.all noun.Tops noun.act noun.animal noun.artifact noun.attribute noun.body noun.cognition
noun.communication noun.event noun.feeling noun.food noun.group noun.location noun.motive noun.object noun.person
noun.phenomenon noun.plant noun.possession noun.process noun.quantity noun.relation noun.shape noun.state
noun.substance noun.time verb.body verb.change verb.cognition verb.communication verb.competition verb.consumption
verb.contact verb.creation verb.emotion verb.motion verb.perception verb.possession verb.social verb.stative
verb.weather adj.ppl""".split()
SYNTACTIC = {"adj": 3, "adv": 4, "noun": 1, "verb": 2}
UPOS_TO_WN = {"NOUN": "n", "VERB": "v", "ADJ": "a", "ADV": "r"}


def wordnet(folder):
    tmp = tempfile.mkdtemp(prefix="textkit-wn-")
    for name in os.listdir(folder):
        os.symlink(os.path.join(folder, name), os.path.join(tmp, name))
    with open(os.path.join(tmp, "lexnames"), "w") as f:
        for i, name in enumerate(LEXNAMES):
            f.write(f"{i:02d}\t{name}\t{SYNTACTIC[name.split('.')[0]]}\n")
    return WordNetCorpusReader(tmp, None)


def read_train(path):
    counts = collections.defaultdict(collections.Counter)
    with open(path, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) == 10 and cols[0].isdigit():
                counts[(cols[1], cols[3])][cols[2]] += 1
    # most frequent lemma; ties by lemma (ordinal), as the C# baseline does
    return {k: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for k, c in counts.items()}


def best(fn, repeats):
    result, elapsed = None, None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn()
        dt = time.perf_counter() - t0
        elapsed = dt if elapsed is None or dt < elapsed else elapsed
    return result, elapsed


def main():
    wn_dir, train, words_path, prefix, repeats = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
    warnings.filterwarnings("ignore", message="The multilingual functions")
    # WordNetLemmatizer calls nltk.stem.wordnet.wn._morphy: point that module at our reader (no nltk_data needed).
    import nltk.stem.wordnet as wnmod
    wnmod.wn = wordnet(wn_dir)
    lemmatizer = WordNetLemmatizer()
    with open(words_path, encoding="utf-8") as f:
        words = [tuple(line.rstrip("\n").split("\t")) for line in f if line.strip("\n")]
    lookup = read_train(train)

    def nltk_one(form, upos):
        if upos == "PROPN":
            return form
        return lemmatizer.lemmatize(form.lower(), UPOS_TO_WN.get(upos, "n"))

    runs = {
        "nltk": lambda: [nltk_one(f, u) for f, u in words],
        "lookup_wn": lambda: [lookup[(f, u)] if (f, u) in lookup else nltk_one(f, u) for f, u in words],
        "identity": lambda: [f for f, _ in words],
    }
    report = {"words": len(words)}
    for name, fn in runs.items():
        lemmas, seconds = best(fn, repeats)
        with open(f"{prefix}.{name}.txt", "w", encoding="utf-8") as f:
            f.write("\n".join(lemmas) + "\n")
        report[name] = {"seconds": seconds}
    print(json.dumps(report))


if __name__ == "__main__":
    main()
