#!/usr/bin/env bash
# Re-run cost on the Go standard library, measured in one run: lifelint checked
# afresh (--no-cache), lifelint with its result cache filled, and staticcheck's
# warm re-run (its own cache filled by a first run), CPU (user+sys) and wall
# seconds, median of 3 each. Needs a release build and, for the comparison,
# Debian's go-staticcheck (apt-get install go-staticcheck golang-go).
#   benches/rerun.sh [GOROOT_SRC]
set -euo pipefail
src=${1:-/usr/lib/go-1.19/src}
lifelint=${LIFELINT:-$(dirname "$0")/../target/release/lifelint}
cache=$(mktemp -d)
lifelint=$(realpath "$lifelint")
trap 'rm -rf "$cache"' EXIT

# Median of three "wall cpu" pairs printed by `measure`.
median() { sort -n -k2 | sed -n 2p; }
measure() {
    /usr/bin/time -o "$cache/time" -f "%e %U %S" "$@" >/dev/null 2>&1 || true
    tail -1 "$cache/time" | awk '{printf "%.3f %.3f\n", $1, $2 + $3}'
}
three() { for _ in 1 2 3; do measure "$@"; done | median; }

cd "$src"
fresh=$(three "$lifelint" check --no-cache ./...)
"$lifelint" check --cache-dir "$cache" ./... >/dev/null 2>&1 || true
cached=$(three "$lifelint" check --cache-dir "$cache" ./...)
printf '%-34s %8s %8s\n' "run (stdlib, median of 3)" "wall s" "cpu s"
printf '%-34s %8s %8s\n' "lifelint, no cache" $fresh
printf '%-34s %8s %8s\n' "lifelint, cache filled" $cached
if command -v go-staticcheck >/dev/null || command -v staticcheck >/dev/null; then
    sc=$(command -v staticcheck || command -v go-staticcheck)
    "$sc" std >/dev/null 2>&1 || true
    warm=$(three "$sc" std)
    printf '%-34s %8s %8s\n' "staticcheck std, warm" $warm
else
    echo "staticcheck not installed: its warm re-run is not measured"
fi
awk -v f="$fresh" -v c="$cached" 'BEGIN { split(f, a, " "); split(c, b, " ");
    printf "cached/fresh: wall %.3fx, cpu %.3fx\n", b[1] / a[1], b[2] / a[2] }'
