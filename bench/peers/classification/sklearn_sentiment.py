#!/usr/bin/env python3
"""scikit-learn baselines for SST-2 (peer of the TextKit classification harness).

TF-IDF over word 1-2-grams with sublinear tf, then LogisticRegression and LinearSVC (default C=1).
Reads TSV files with a header (text column, label column), trims the text as TextKit does.
Prints one JSON object per model: {"model", "accuracy", "train_seconds", "predict_seconds"}.
"""
import csv
import json
import sys
import time

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC


def read(path, text_column, label_column):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    header = [h.strip().lower() for h in rows[0]]
    t, l = header.index(text_column.lower()), header.index(label_column.lower())
    return [r[t].strip() for r in rows[1:] if r], [r[l].strip() for r in rows[1:] if r]


def main():
    train_path, dev_path = sys.argv[1], sys.argv[2]
    text_column = sys.argv[3] if len(sys.argv) > 3 else "sentence"
    label_column = sys.argv[4] if len(sys.argv) > 4 else "label"
    x_train, y_train = read(train_path, text_column, label_column)
    x_dev, y_dev = read(dev_path, text_column, label_column)
    for name, model in [("LogisticRegression", LogisticRegression(max_iter=1000)), ("LinearSVC", LinearSVC())]:
        start = time.perf_counter()
        vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
        features = vectorizer.fit_transform(x_train)
        model.fit(features, y_train)
        trained = time.perf_counter()
        predicted = model.predict(vectorizer.transform(x_dev))
        done = time.perf_counter()
        accuracy = sum(p == g for p, g in zip(predicted, y_dev)) / len(y_dev)
        print(json.dumps({"model": name, "accuracy": accuracy, "train_seconds": trained - start, "predict_seconds": done - trained}), flush=True)


if __name__ == "__main__":
    main()
