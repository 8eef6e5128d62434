# Sourced by the model build scripts. find_shared prints the folder of the shared, non-redistributable data:
# $TEXTKIT_SHARED_DATA, else the nearest shared/data above the current folder (as the evaluation tests look for it).
find_shared() {
  if [ -n "${TEXTKIT_SHARED_DATA:-}" ]; then echo "$TEXTKIT_SHARED_DATA"; return; fi
  local dir; dir="$(pwd)"
  while [ "$dir" != "/" ]; do
    [ -d "$dir/shared/data/ud-ewt" ] && { echo "$dir/shared/data"; return; }
    dir="$(dirname "$dir")"
  done
  echo "../shared/data"
}
