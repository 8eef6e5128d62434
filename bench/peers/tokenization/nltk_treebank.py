#!/usr/bin/env python3
"""Peer for the tokenization harness: NLTK's TreebankWordTokenizer on every line of a UTF-8 file.
Usage: nltk_treebank.py FILE REPEATS  -> prints "tokens seconds" (best of REPEATS passes)."""
import sys
import time

from nltk.tokenize import TreebankWordTokenizer


def main():
    path, repeats = sys.argv[1], int(sys.argv[2])
    with open(path, encoding="utf-8") as f:
        lines = [line.rstrip("\n") for line in f]
    tokenizer = TreebankWordTokenizer()
    best = None
    tokens = 0
    for _ in range(repeats):
        start = time.perf_counter()
        tokens = 0
        for line in lines:
            tokens += len(tokenizer.tokenize(line))
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    print(tokens, best)


if __name__ == "__main__":
    main()
