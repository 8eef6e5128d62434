#!/usr/bin/python3
"""POS-tagging peers for `harness tagging`: NLTK's PerceptronTagger and supervised HMM tagger.

usage: nltk_tag.py TRAIN.txt TEST.txt OUT_PREFIX ITERATIONS REPEATS [HMM_TEST_SENTENCES]
  TRAIN.txt / TEST.txt  one sentence per line: tokens separated by U+001E, each token word U+001F tag
Writes OUT_PREFIX.perceptron.txt (one tag per line, sentences separated by blank lines) and prints JSON:
  perceptron: train_seconds, tag_seconds (best of REPEATS over the whole TEST), tokens
  hmm:        train_seconds, tag_seconds (first HMM_TEST_SENTENCES test sentences, one run: NLTK's Viterbi is slow),
              tokens, correct
"""
import json
import random
import sys
import time

from nltk.tag.hmm import HiddenMarkovModelTrainer
from nltk.tag.perceptron import PerceptronTagger
from nltk.probability import LidstoneProbDist


def read(path):
    sentences = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            sentences.append([tuple(tok.split("\x1f")) for tok in line.split("\x1e")])
    return sentences


def main():
    train_path, test_path, prefix, iterations, repeats = sys.argv[1:6]
    hmm_sentences = int(sys.argv[6]) if len(sys.argv) > 6 else 200
    train, test = read(train_path), read(test_path)
    result = {}

    tagger = PerceptronTagger(load=False)
    random.seed(1)
    t0 = time.perf_counter()
    tagger.train(train, nr_iter=int(iterations))
    train_seconds = time.perf_counter() - t0
    words = [[w for w, _ in s] for s in test]
    best, tagged = None, None
    for _ in range(int(repeats)):
        t0 = time.perf_counter()
        tagged = [tagger.tag(s) for s in words]
        elapsed = time.perf_counter() - t0
        best = elapsed if best is None else min(best, elapsed)
    with open(prefix + ".perceptron.txt", "w", encoding="utf-8") as f:
        for s in tagged:
            for _, t in s:
                f.write(t + "\n")
            f.write("\n")
    result["perceptron"] = {"train_seconds": train_seconds, "tag_seconds": best, "tokens": sum(len(s) for s in words)}

    t0 = time.perf_counter()
    hmm = HiddenMarkovModelTrainer().train_supervised(train, estimator=lambda fd, bins: LidstoneProbDist(fd, 0.1, bins))
    hmm_train = time.perf_counter() - t0
    subset = test[:hmm_sentences]
    t0 = time.perf_counter()
    correct = tokens = 0
    for s in subset:
        predicted = hmm.tag([w for w, _ in s])
        tokens += len(s)
        correct += sum(1 for (_, p), (_, g) in zip(predicted, s) if p == g)
    result["hmm"] = {"train_seconds": hmm_train, "tag_seconds": time.perf_counter() - t0, "tokens": tokens, "correct": correct}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
