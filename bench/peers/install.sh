#!/usr/bin/env bash
# Installs the Python peers used by the side-by-side harnesses (Debian 12 packages; no PyPI).
set -euo pipefail
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
$SUDO apt-get update
# libopenblas0-pthread: without it python3-torch uses the reference BLAS and is >10x slower.
$SUDO apt-get install -y --no-install-recommends python3-nltk python3-sklearn python3-torch libopenblas0-pthread \
  python3-snowballstemmer python3-stemmer
