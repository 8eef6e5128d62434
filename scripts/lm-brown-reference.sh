#!/usr/bin/env bash
# Reproduces the exactness target of shared/bench/brown-canonical.md with the CLI: trigram interpolated modified
# Kneser-Ney on the Brown train split (lower-cased, <s> <s> … </s>, words seen < 2 times → <UNK>), perplexity on the
# test split = 232.37. Also writes the model as ARPA and scores the ARPA file (identical result).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${TMPDIR:-/tmp}/textkit-lm-brown"
dotnet run -c Release --project bench/TextKit.Bench -- harness lm-brown --out "$OUT" --prepare-only
dotnet build -c Release src/TextKit.Cli >/dev/null
CLI="dotnet src/TextKit.Cli/bin/Release/net10.0/TextKit.Cli.dll"
$CLI lm train --input "$OUT/brown-train.txt" --output "$OUT/brown-mkn3.tklm" \
  --order 3 --smoothing mkn --padding full --min-count 2 --unk '<UNK>'
$CLI lm perplexity --model "$OUT/brown-mkn3.tklm" --input "$OUT/brown-test.txt" --json
$CLI lm train --input "$OUT/brown-train.txt" --output "$OUT/brown-mkn3.arpa" \
  --order 3 --smoothing mkn --padding full --min-count 2 --unk '<UNK>'
$CLI lm perplexity --model "$OUT/brown-mkn3.arpa" --input "$OUT/brown-test.txt" --json
