#!/usr/bin/env bash
# Builds the shipped English sentence-segmenter model from UD English EWT train (CC BY-SA 4.0):
#   src/TextKit/Segmentation/Resources/en/ewt-segmenter.txt
# Needs ../shared/data/ud-ewt (or TEXTKIT_SHARED_DATA). Deterministic: same data + seed → same file. ~30 s.
set -euo pipefail
cd "$(dirname "$0")/.."
data="${TEXTKIT_SHARED_DATA:-}"
if [ -z "$data" ]; then for d in ../shared/data ../../shared/data; do [ -d "$d/ud-ewt" ] && data="$d" && break; done; fi
train="$data/ud-ewt/en_ewt-ud-train.conllu"
[ -f "$train" ] || { echo "error: $train not found (set TEXTKIT_SHARED_DATA)"; exit 1; }
dotnet run -c Release --project src/TextKit.Cli -- segmenter train --conllu "$train" --epochs 10 --seed 1 \
  --output src/TextKit/Segmentation/Resources/en/ewt-segmenter.txt \
  --note "Derived from UD English EWT train (Universal Dependencies English Web Treebank, commit 15d613d8), licensed CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/). This model file is distributed under the same licence." \
  --note "Built by scripts/train-segmenter.sh; see docs/tokenization.md and models/MODELS.md."
