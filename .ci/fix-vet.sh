#!/usr/bin/env bash
# `lifelint check --fix` (and `--fix --unsafe-fixes`) over a copy of testdata/, then
# the Go toolchain judges the result:
#   1. every file that parsed (gofmt -e) before the fix still parses after it;
#   2. no file that was gofmt-clean before the fix is unformatted after it;
#   3. `go vet` reports nothing new on the fixed files it can check (those that
#      type-check on their own with the standard library before the fix); the count
#      of its `lostcancel` reports before and after is printed;
#   4. lifelint run again on the fixed tree offers no fix any more.
# Go comes from Debian's golang-go when it is missing (root and apt needed; otherwise
# the check is SKIPPED, loudly).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v go >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing golang-go with apt"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q golang-go >/dev/null ||
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -q golang-go >/dev/null; }
  fi
fi
if ! command -v go >/dev/null; then
  echo "!! SKIPPED: no Go toolchain, so --fix output was NOT checked by gofmt and go vet" >&2
  exit 0
fi

cargo build --quiet --release
lifelint="$PWD/target/release/lifelint"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for mode in safe unsafe; do
  orig="$work/$mode/orig"
  fixed="$work/$mode/fixed"
  mkdir -p "$orig" "$fixed"
  cp -r testdata/. "$orig/"
  cp -r testdata/. "$fixed/"
  flags=(--fix)
  [ "$mode" = unsafe ] && flags+=(--unsafe-fixes)
  (cd "$fixed" && "$lifelint" check ./... "${flags[@]}" >/dev/null 2>&1 ||
    [ $? -eq 1 ]) || { echo "lifelint --fix failed ($mode)" >&2; exit 1; }
  python3 - "$orig" "$fixed" "$mode" "$lifelint" <<'PY'
import json, os, re, subprocess, sys

orig, fixed, mode, lifelint = sys.argv[1:]
env = dict(os.environ, GOFLAGS="-mod=mod", GOTOOLCHAIN="local", GOPROXY="off",
           GO111MODULE="on", GOWORK="off", GOCACHE=os.path.join(os.path.dirname(orig), "gocache"))

def go_files(root):
    for d, _, files in os.walk(root):
        for f in files:
            if f.endswith(".go"):
                yield os.path.relpath(os.path.join(d, f), root)

changed = sorted(f for f in go_files(orig)
                 if open(os.path.join(orig, f), "rb").read() != open(os.path.join(fixed, f), "rb").read())
if not changed:
    sys.exit(f"--fix ({mode}) changed no file: nothing was checked")

def gofmt(root, flag, path):
    return subprocess.run(["gofmt", flag, path], cwd=root, capture_output=True, text=True)

problems = []
for f in changed:
    parsed_before = gofmt(orig, "-e", f).returncode == 0
    after = gofmt(fixed, "-e", f)
    if parsed_before and after.returncode != 0:
        problems.append(f"{f}: no longer parses after --fix:\n{after.stderr}")
    clean_before = gofmt(orig, "-l", f).stdout.strip() == ""
    if clean_before and gofmt(fixed, "-l", f).stdout.strip():
        problems.append(f"{f}: gofmt-clean before --fix, not after")

# go vet, per changed file on its own (a fixture directory mixes files that import
# packages this offline machine lacks), when the file type-checks before the fix.
def vet(root, f):
    r = subprocess.run(["go", "vet", f], cwd=root, env=env, capture_output=True, text=True)
    lines = []
    for line in (r.stdout + r.stderr).splitlines():
        if line.startswith("#"):
            continue
        # path:line:col: message -> path: message (a fix moves lines)
        parts = line.split(":", 3)
        line = f"{parts[0]}: {parts[3].strip()}" if len(parts) == 4 else line
        lines.append(re.sub(r"\d+", "N", line))  # "defined on line 45" moves too
    return lines

TYPE_ERRORS = ("undefined:", "cannot", "could not import", "is not in", "no required module",
               "declared and not used", "declared but not used", "imported and not used",
               "redeclared", "expected", "too many", "not enough", "mismatched", "invalid",
               "not a type", "missing return", "not declared by package", "unknown field", "has no field or method")
vetted, lost_before, lost_after = 0, 0, 0
for f in changed:
    if f.endswith("_test.go"):
        continue
    before = vet(orig, f)
    if any(any(t in l for t in TYPE_ERRORS) for l in before):
        continue  # does not type-check on its own with the standard library: vet cannot judge
    after = vet(fixed, f)
    vetted += 1
    lost_before += sum("cancel function" in l for l in before)
    lost_after += sum("cancel function" in l for l in after)
    new = sorted(set(after) - set(before))
    if new:
        problems.append(f"{f}: go vet reports new problems after --fix:\n  " + "\n  ".join(new))

# lifelint again: every fix it offered was applied, none remains.
flags = ["--unsafe-fixes"] if mode == "unsafe" else []
out = subprocess.run([lifelint, "check", "./...", "--format", "json"], cwd=fixed,
                     capture_output=True, text=True)
remaining = [f for f in json.loads(out.stdout)["findings"]
             if f.get("fix") and (f["fix"]["safe"] or mode == "unsafe")]
if remaining:
    problems.append(f"{len(remaining)} fixes still offered after --fix ({mode}): " +
                    ", ".join(f"{f['path']}:{f['start']['line']} {f['rule']}" for f in remaining[:10]))

print(f"--fix ({mode}): {len(changed)} files changed, all parse and stay gofmt-clean; "
      f"go vet on {vetted} files: {lost_before} lost-cancel reports before, {lost_after} after, nothing new")
if problems:
    print("\n".join(problems), file=sys.stderr)
    sys.exit(1)
PY
done
