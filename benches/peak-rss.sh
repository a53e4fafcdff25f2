#!/usr/bin/env bash
# Peak memory of one `lifelint check --no-cache` over big trees: by default the Go
# standard library plus Debian's whole gocode tree (ecosystem/run installs part of
# it; any tree will do). Prints the peak RSS (MB, 10^6 bytes), wall and user seconds
# of each of N runs (the peak varies with scheduling), and checks the runs' JSON
# reports are identical. Needs a release build.
#   benches/peak-rss.sh [--runs N] [TREE...]
set -euo pipefail
runs=2
if [[ ${1:-} == --runs ]]; then runs=$2; shift 2; fi
trees=("$@")
[[ ${#trees[@]} -gt 0 ]] || trees=(/usr/lib/go-1.19/src /usr/share/gocode/src)
lifelint=$(realpath "${LIFELINT:-$(dirname "$0")/../target/release/lifelint}")
patterns=()
for tree in "${trees[@]}"; do patterns+=("${tree%/}/..."); done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '%-6s %10s %8s %8s\n' run "peak MB" "wall s" "user s"
for run in $(seq 1 "$runs"); do
    /usr/bin/time -o "$work/time" -f "%M %e %U" \
        "$lifelint" check --no-cache --format json "${patterns[@]}" >"$work/$run.json" 2>/dev/null || true
    # GNU time first says "Command exited with non-zero status" when there are findings.
    read -r kb wall user < <(tail -1 "$work/time")
    printf '%-6s %10s %8s %8s\n' "$run" "$(awk -v kb="$kb" 'BEGIN { printf "%.1f", kb * 1.024 / 1000 }')" "$wall" "$user"
    if [[ $run -gt 1 ]] && ! cmp -s "$work/1.json" "$work/$run.json"; then
        echo "run $run's report differs from run 1's" >&2
        exit 1
    fi
done
