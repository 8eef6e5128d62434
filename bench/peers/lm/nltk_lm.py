#!/usr/bin/env python3
"""NLTK peer for the Brown trigram LM harness (TextKit.Bench `harness lm-brown`).

Input: prepared files (one lower-cased sentence per line, space-separated tokens) written by the harness.
Definition as in shared/bench/brown-canonical.md: <s> <s> … </s> padding, everygrams up to 3, Vocabulary(unk_cutoff=2),
perplexity over every trigram of every padded test sentence.

Usage: nltk_lm.py TRAIN TEST [N]; prints one JSON object per line:
  fit      counts fitted once (shared by both models)
  Laplace  full test set with nltk.lm.Laplace (timed)
  KN       the first N predictions with the unmodified nltk.lm.KneserNeyInterpolated(discount=0.75) (timing only:
           NLTK recomputes continuation counts by scanning every higher-order context on each call), then the full
           test set with its `_continuation_counts` replaced by a precomputed table holding exactly the values NLTK's
           own method returns (checked against it on the first 20 test trigrams)
"""
import json
import math
import sys
import time
from collections import defaultdict

from nltk.lm import KneserNeyInterpolated, Laplace, NgramCounter, Vocabulary
from nltk.util import everygrams, ngrams

ORDER = 3


def read(path):
    with open(path, encoding="utf-8") as f:
        return [line.split() for line in f if line.strip()]


def pad(sent):
    # brown-canonical.md: two left pads, ONE right pad (NLTK's pad_both_ends would add two </s>).
    return ["<s>"] * (ORDER - 1) + sent + ["</s>"]


def fit(train):
    start = time.perf_counter()
    padded = [pad(s) for s in train]
    vocab = Vocabulary((w for s in padded for w in s), unk_cutoff=2)
    counter = NgramCounter(everygrams(vocab.lookup(s), max_len=ORDER) for s in padded)
    return vocab, counter, time.perf_counter() - start


def test_trigrams(test):
    for sent in test:
        yield from ngrams(pad(sent), ORDER)


def score(model, trigrams):
    start = time.perf_counter()
    total, n = 0.0, 0
    for g in trigrams:
        p = model.score(g[-1], g[:-1])
        total += math.log(p) if p > 0 else float("-inf")
        n += 1
    elapsed = time.perf_counter() - start
    return math.exp(-total / n), n, elapsed


def precompute_continuations(model):
    """For each order k context c: per word, the number of (k+1)-gram prefixes p with p[1:] == c and counts[p][word] > 0,
    and the total of nonzero counts over those prefixes: what KneserNey._continuation_counts returns."""
    tables = {}
    for k in range(0, ORDER - 1):  # context length k, scanning counts[k + 2]
        per_context = defaultdict(lambda: [defaultdict(int), 0])
        for prefix, counts in model.counts[k + 2].items():
            entry = per_context[tuple(prefix[1:])]
            nonzero = 0
            for word, c in counts.items():
                if c > 0:
                    entry[0][word] += 1
                    nonzero += 1
            entry[1] += nonzero
        tables[k] = per_context
    return tables


def main():
    train_path, test_path = sys.argv[1], sys.argv[2]
    sample = int(sys.argv[3]) if len(sys.argv) > 3 else 300
    train, test = read(train_path), read(test_path)
    vocab, counter, fit_s = fit(train)
    print(json.dumps({"peer": "nltk", "step": "fit", "vocabulary": len(vocab), "fit_seconds": fit_s}), flush=True)

    laplace = Laplace(ORDER, vocabulary=vocab, counter=counter)
    ppl, n, s = score(laplace, test_trigrams(test))
    print(json.dumps({"peer": "nltk", "model": "Laplace", "perplexity": ppl, "predictions": n, "seconds": s,
                      "per_second": n / s}), flush=True)

    kn = KneserNeyInterpolated(ORDER, discount=0.75, vocabulary=vocab, counter=counter)
    grams = [g for _, g in zip(range(sample), test_trigrams(test))]
    _, n, s = score(kn, grams)
    print(json.dumps({"peer": "nltk", "model": "KneserNeyInterpolated (unmodified, first %d predictions)" % n,
                      "predictions": n, "seconds": s, "per_second": n / s}), flush=True)

    estimator = kn.estimator
    original = estimator._continuation_counts
    tables = precompute_continuations(kn)

    def fast(word, context=tuple()):
        entry = tables[len(context)].get(tuple(context))
        return (entry[0].get(word, 0), entry[1]) if entry else (0, 0)

    for g in grams[:20]:
        for ctx in (g[1:2], ()):
            w, c = kn.vocab.lookup(g[-1]), tuple(kn.vocab.lookup(ctx))
            if fast(w, c) != original(w, c):
                raise SystemExit(f"precomputed continuation counts differ from NLTK's for {w!r} | {c!r}")
    estimator._continuation_counts = fast
    ppl, n, s = score(kn, test_trigrams(test))
    print(json.dumps({"peer": "nltk", "model": "KneserNeyInterpolated (continuation counts precomputed)", "discount": 0.75,
                      "perplexity": ppl, "predictions": n, "seconds": s}), flush=True)


if __name__ == "__main__":
    main()
