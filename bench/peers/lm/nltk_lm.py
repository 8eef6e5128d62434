#!/usr/bin/env python3
"""NLTK peer for the Brown trigram LM harness (TextKit.Bench `harness lm-brown`).

Input: prepared files (one lower-cased sentence per line, space-separated tokens) written by the harness.
Definition as in shared/bench/brown-canonical.md: padded_everygram_pipeline(3, ...), Vocabulary(unk_cutoff=2),
perplexity over every trigram of every padded test sentence.

Modes (one JSON object per line on stdout):
  laplace       full test set with nltk.lm.Laplace (timed)
  kn-sample N   the first N predictions with the unmodified nltk.lm.KneserNeyInterpolated (timing only: NLTK
                recomputes continuation counts by scanning every higher-order context on each call)
  kn            full test set with KneserNeyInterpolated, its `_continuation_counts` replaced by a precomputed
                table holding exactly the values NLTK's own method returns (checked against NLTK's method on the first 20 test trigrams)
"""
import json
import math
import sys
import time
from collections import defaultdict

from nltk.lm import KneserNeyInterpolated, Laplace
from nltk.lm.preprocessing import padded_everygram_pipeline, pad_both_ends
from nltk.util import ngrams

ORDER = 3


def read(path):
    with open(path, encoding="utf-8") as f:
        return [line.split() for line in f if line.strip()]


def fit(cls, train, **kwargs):
    start = time.perf_counter()
    grams, vocab_text = padded_everygram_pipeline(ORDER, train)
    model = cls(ORDER, **kwargs)
    from nltk.lm import Vocabulary
    model.vocab = Vocabulary(vocab_text, unk_cutoff=2)
    model.counts.update(model.vocab.lookup(sent) for sent in grams)
    return model, time.perf_counter() - start


def test_trigrams(test):
    for sent in test:
        yield from ngrams(list(pad_both_ends(sent, n=ORDER)), ORDER)


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
    mode, train_path, test_path = sys.argv[1], sys.argv[2], sys.argv[3]
    train, test = read(train_path), read(test_path)
    if mode == "laplace":
        model, fit_s = fit(Laplace, train)
        ppl, n, s = score(model, test_trigrams(test))
        print(json.dumps({"peer": "nltk", "model": "Laplace", "perplexity": ppl, "predictions": n, "seconds": s,
                          "per_second": n / s, "fit_seconds": fit_s, "vocabulary": len(model.vocab)}))
    elif mode == "kn-sample":
        limit = int(sys.argv[4])
        model, fit_s = fit(KneserNeyInterpolated, train, discount=0.75)
        grams = [g for _, g in zip(range(limit), test_trigrams(test))]
        ppl, n, s = score(model, grams)
        print(json.dumps({"peer": "nltk", "model": "KneserNeyInterpolated(unmodified, sample)", "predictions": n,
                          "seconds": s, "per_second": n / s, "fit_seconds": fit_s}))
    elif mode == "kn":
        model, fit_s = fit(KneserNeyInterpolated, train, discount=0.75)
        estimator = model.estimator
        original = estimator._continuation_counts
        tables = precompute_continuations(model)

        def fast(word, context=tuple()):
            entry = tables[len(context)].get(tuple(context))
            return (entry[0].get(word, 0), entry[1]) if entry else (0, 0)

        checked = 0
        for g in test_trigrams(test):
            for ctx in (g[1:2], ()):
                w, c = model.vocab.lookup(g[-1]), tuple(model.vocab.lookup(ctx))
                if fast(w, c) != original(w, c):
                    raise SystemExit(f"precomputed continuation counts differ from NLTK's for {w!r} | {c!r}")
            checked += 1
            if checked == 20:
                break
        estimator._continuation_counts = fast
        ppl, n, s = score(model, test_trigrams(test))
        print(json.dumps({"peer": "nltk", "model": "KneserNeyInterpolated", "discount": estimator.discount,
                          "perplexity": ppl, "predictions": n, "seconds_with_precomputed_continuations": s, "fit_seconds": fit_s}))
    else:
        raise SystemExit("usage: nltk_lm.py laplace|kn|kn-sample TRAIN TEST [N]")


if __name__ == "__main__":
    main()
