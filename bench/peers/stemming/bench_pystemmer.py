#!/usr/bin/python3
"""Times the Snowball peers on a word list (one word per line), single-threaded.

usage: bench_pystemmer.py WORDS.txt porter|english REPEATS
Prints one JSON object: words, and per peer the best wall time over REPEATS runs of stemming the whole list plus
the SHA-256 of the stems joined by newlines (so the harness can check that every peer and TextKit agree).
  pystemmer          PyStemmer (C libstemmer) stemWords with its default cache (10,000 entries)
  pystemmer_nocache  the same with maxCacheSize = 0
  snowballstemmer    the pure-Python implementation (one run only: it is ~100x slower)
"""
import hashlib
import json
import sys
import time

import Stemmer
import snowballstemmer


def best_time(fn, repeats):
    best, out = None, None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        dt = time.perf_counter() - t0
        best = dt if best is None or dt < best else best
    return best, out


def digest(stems):
    return hashlib.sha256("\n".join(stems).encode("utf-8")).hexdigest()


def main():
    path, algorithm, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(path, encoding="utf-8") as f:
        words = f.read().split("\n")
    if words and words[-1] == "":
        words.pop()
    result = {"words": len(words)}

    cached = Stemmer.Stemmer(algorithm)
    # A fresh stemmer per run would measure a cold cache; PyStemmer users keep one, so runs after the first are warm.
    t, stems = best_time(lambda: cached.stemWords(words), repeats)
    result["pystemmer"] = {"seconds": t, "sha256": digest(stems)}

    nocache = Stemmer.Stemmer(algorithm, 0)
    t, stems = best_time(lambda: nocache.stemWords(words), repeats)
    result["pystemmer_nocache"] = {"seconds": t, "sha256": digest(stems)}

    # snowballstemmer.stemmer() returns PyStemmer when it is installed; use the pure-Python class itself.
    pure = snowballstemmer.PorterStemmer() if algorithm == "porter" else snowballstemmer.EnglishStemmer()
    t, stems = best_time(lambda: pure.stemWords(words), 1)
    result["snowballstemmer"] = {"seconds": t, "sha256": digest(stems)}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
