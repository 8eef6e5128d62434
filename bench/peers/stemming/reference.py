#!/usr/bin/python3
"""Reference stems from the Snowball implementations packaged by Debian 12.

Writes word -> Porter / Porter2 stems computed by PyStemmer (python3-stemmer, the C libstemmer) and checks that the
pure-Python snowballstemmer (python3-snowballstemmer) gives the same stems for every word.

Usage (paths are what `textkit data fetch brown` and ../shared/data give):
  reference.py full   BROWN_DIR EWT_TRAIN.conllu OUT.tsv.gz   every word type of Brown + EWT train (raw and lower-cased)
  reference.py sample BROWN_DIR EWT_TRAIN.conllu OUT.tsv      a compact sample of tricky words + synthetic strings
  reference.py words  IN.txt OUT.tsv                          any word list (one per line)

Output: UTF-8, one line per word: word <TAB> porter <TAB> english (porter2, Snowball 2.2 "english").
Words containing a tab, a line break or the empty string are skipped (the TSV could not represent them).
"""
import gzip
import os
import random
import re
import sys

import Stemmer
import snowballstemmer


def brown_types(brown_dir):
    types = set()
    for name in sorted(os.listdir(brown_dir)):
        if not re.fullmatch(r"c[a-r]\d\d", name):
            continue
        with open(os.path.join(brown_dir, name), encoding="utf-8") as f:
            for line in f:
                for token in line.split():
                    word = token.rsplit("/", 1)[0]
                    if word:
                        types.add(word)
    return types


def ewt_types(path):
    types = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) == 10 and "." not in cols[0]:
                types.add(cols[1])
    return types


def vocabulary(brown_dir, ewt_train):
    words = brown_types(brown_dir) | ewt_types(ewt_train)
    words |= {w.lower() for w in words}
    return sorted(w for w in words if representable(w))


def representable(word):
    return word != "" and not any(c in word for c in "\t\n\r")


def stems(words):
    porter_c = Stemmer.Stemmer("porter")
    english_c = Stemmer.Stemmer("english")
    # snowballstemmer.stemmer() hands out PyStemmer when it is installed: build the pure-Python classes directly.
    porter_py = snowballstemmer.PorterStemmer()
    english_py = snowballstemmer.EnglishStemmer()
    rows = []
    for w in words:
        p, e = porter_c.stemWord(w), english_c.stemWord(w)
        if p != porter_py.stemWord(w) or e != english_py.stemWord(w):
            raise SystemExit(f"PyStemmer and snowballstemmer disagree on {w!r}")
        rows.append((w, p, e))
    return rows


# Every suffix any step of either algorithm tests, so synthetic words reach every branch.
SUFFIXES = """s ies sses ss us ied 's 's' ' ed eed ing edly eedly ingly bb dd ff gg bl mm nn pp rr at tt iz y Y
anci enci ogi li bli abli alli fulli lessli ousli entli eli aliti biliti iviti tional ational alism ation ization izer
ator iveness fulness ousness icate ative alize iciti ical ful ness ic ance ence able ible ate ive ize iti al ism ion
sion tion er ous ant ent ment ement ou e l ll""".split()
EXCEPTIONS = """andes atlas bias cosmos dying early gently howe idly lying news only singly skies skis sky tying ugly
succeed proceed exceed canning inning earring herring outing gener generate commun communal arsen arsenal""".split()
ODD = ["", "'", "y", "Y", "yy", "'y", "é", "ß", "İ", "ﬁ", "\U0001F600", "\U00010400", "\u0301", "-", "0", "1", "ǅ"]


def synthetic(vocab, rng, count):
    stems_ = [w for w in vocab if w.isalpha() and w.islower() and 2 <= len(w) <= 8]
    out = set(EXCEPTIONS)
    out |= {e.upper() for e in EXCEPTIONS} | {e + "s" for e in EXCEPTIONS}
    while len(out) < count:
        r = rng.random()
        base = rng.choice(stems_) if r < 0.7 else "".join(rng.choice("aeiouybcdlmnrstwxY'") for _ in range(rng.randint(0, 6)))
        word = base + rng.choice(SUFFIXES) + (rng.choice(SUFFIXES) if rng.random() < 0.3 else "")
        t = rng.random()
        if t < 0.08:
            word = word.upper()
        elif t < 0.16:
            word = word.capitalize()
        elif t < 0.30:
            i = rng.randint(0, len(word))
            word = word[:i] + rng.choice(ODD) + word[i:]
        elif t < 0.36:
            word = rng.choice(ODD) + word
        if representable(word):
            out.add(word)
    return sorted(out)


def tricky(rows, rng, count):
    """Words whose stems exercise the less common paths: the two algorithms disagree, the stem is not a prefix of
    the word (a replacement happened), y/Y handling, apostrophes, capitals, non-ASCII, very short or long words."""
    groups = {
        "differ": [r for r in rows if r[1] != r[2]],
        "replace": [r for r in rows if not r[0].startswith(r[1]) or not r[0].startswith(r[2])],
        "y": [r for r in rows if "y" in r[0] or "Y" in r[0]],
        "apostrophe": [r for r in rows if "'" in r[0]],
        "caps": [r for r in rows if any(c.isupper() for c in r[0])],
        "nonascii": [r for r in rows if any(ord(c) > 127 for c in r[0])],
        "short": [r for r in rows if len(r[0]) <= 3],
        "long": [r for r in rows if len(r[0]) >= 14],
        "any": rows,
    }
    per_group = count // len(groups)
    picked = set()
    for name, group in groups.items():
        picked.update(rng.sample(group, min(per_group, len(group))))
    return sorted(picked)


def write(rows, path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "wt", encoding="utf-8", newline="\n") as f:
        for r in rows:
            f.write("\t".join(r) + "\n")


def main(argv):
    if len(argv) == 5 and argv[1] == "full":
        rows = stems(vocabulary(argv[2], argv[3]))
        write(rows, argv[4])
    elif len(argv) == 5 and argv[1] == "sample":
        rng = random.Random(20240604)
        vocab = vocabulary(argv[2], argv[3])
        rows = tricky(stems(vocab), rng, 2700) + stems(synthetic(vocab, rng, 1500))
        write(sorted(set(rows)), argv[4])
    elif len(argv) == 4 and argv[1] == "words":
        with open(argv[2], encoding="utf-8") as f:
            words = [line.rstrip("\n") for line in f]
        write(stems([w for w in words if representable(w)]), argv[3])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    print(f"wrote {argv[-1]}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
