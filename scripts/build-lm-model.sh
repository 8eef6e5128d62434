#!/usr/bin/env bash
# Rebuilds the shipped language model models/brown-trigram.tklm (see models/MODELS.md, docs/language-models.md):
# Brown train split (shared/bench/brown-canonical.md preparation), trigram interpolated modified Kneser-Ney,
# single padding, words seen < 3 times → <unk>, bigrams and trigrams seen ≤ 2 times pruned, single precision.
# Deterministic: the same corpus gives the same bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${TMPDIR:-/tmp}/textkit-lm-brown"
dotnet run -c Release --project bench/TextKit.Bench -- harness lm-brown --out "$OUT" --prepare-only
dotnet build -c Release src/TextKit.Cli >/dev/null
CLI="dotnet src/TextKit.Cli/bin/Release/net10.0/TextKit.Cli.dll"
$CLI lm train --input "$OUT/brown-train.txt" --output models/brown-trigram.tklm \
  --order 3 --smoothing mkn --min-count 3 --prune 0,2,2 --precision single
$CLI lm perplexity --model models/brown-trigram.tklm --input "$OUT/brown-test.txt"
sha256sum models/brown-trigram.tklm
