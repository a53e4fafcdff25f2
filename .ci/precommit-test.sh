#!/usr/bin/env bash
# End-to-end test of .pre-commit-hooks.yaml: a throwaway git repository whose
# .pre-commit-config.yaml points `repo:` at this checkout (absolute path) and
# `rev:` at its HEAD, with the hook installed; committing a clean Go file must
# succeed, committing a buggy one must be refused with the finding shown.
#
# `language: rust` makes pre-commit `cargo install` this repository into its
# cache, so a cold run takes a few minutes (a release build). Set
# PRE_COMMIT_HOME to reuse a cache between runs; by default a fresh one is used.
#
# If the checkout has uncommitted changes, HEAD would not contain them: the
# hook repository is then a temporary snapshot (a clone of HEAD plus the
# working tree, committed), so the test exercises what is on disk.
set -euo pipefail

checkout=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

export GIT_AUTHOR_NAME="lifelint ci" GIT_AUTHOR_EMAIL="ci@example.com"
export GIT_COMMITTER_NAME="lifelint ci" GIT_COMMITTER_EMAIL="ci@example.com"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL="$tmp/gitconfig"
printf '[init]\n\tdefaultBranch = main\n[safe]\n\tdirectory = *\n' >"$GIT_CONFIG_GLOBAL"
export PRE_COMMIT_HOME="${PRE_COMMIT_HOME:-$tmp/pre-commit-cache}"

if ! command -v pre-commit >/dev/null 2>&1; then
  echo "== installing pre-commit"
  python3 -m pip install --quiet pre-commit
fi
echo "== $(pre-commit --version)"

hook_repo=$checkout
if [ -n "$(git -C "$checkout" status --porcelain --untracked-files=normal)" ]; then
  echo "== the checkout has uncommitted changes: testing a snapshot of the working tree"
  hook_repo=$tmp/snapshot
  git clone --quiet --no-hardlinks "$checkout" "$hook_repo"
  # Tracked and untracked (not ignored) files as they are on disk; deletions too.
  git -C "$hook_repo" ls-files -z | (cd "$hook_repo" && xargs -0 rm -f)
  git -C "$checkout" ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' file; do
      if [ -f "$checkout/$file" ]; then
        mkdir -p "$hook_repo/$(dirname "$file")"
        cp -p "$checkout/$file" "$hook_repo/$file"
      fi
    done
  git -C "$hook_repo" add -A
  git -C "$hook_repo" commit --quiet --allow-empty -m "snapshot of the working tree"
fi
rev=$(git -C "$hook_repo" rev-parse HEAD)
echo "== hook repository $hook_repo at $rev"

work=$tmp/work
mkdir -p "$work"
cd "$work"
git init --quiet
cat >.pre-commit-config.yaml <<YAML
repos:
  - repo: $hook_repo
    rev: $rev
    hooks:
      - id: lifelint
YAML
git add .pre-commit-config.yaml
git commit --quiet --no-verify -m "pre-commit config"
pre-commit install

mkdir -p svc
cat >svc/clean.go <<'GO'
package svc

import "context"

func fine(parent context.Context) (context.Context, context.CancelFunc) {
	return context.WithCancel(parent)
}
GO
git add svc/clean.go
echo "== committing a clean file (the first run installs the hook: cargo install, a few minutes)"
start=$(date +%s)
if ! git commit -m "clean" >"$tmp/clean.log" 2>&1; then
  cat "$tmp/clean.log"
  echo "FAIL: the commit of a clean Go file was refused" >&2
  exit 1
fi
echo "   accepted ($(($(date +%s) - start))s)"

cat >svc/buggy.go <<'GO'
package svc

import "context"

func leak(parent context.Context) context.Context {
	ctx, _ := context.WithCancel(parent)
	return ctx
}
GO
git add svc/buggy.go
echo "== committing a buggy file"
if git commit -m "buggy" >"$tmp/buggy.log" 2>&1; then
  cat "$tmp/buggy.log"
  echo "FAIL: the commit of a buggy Go file was accepted" >&2
  exit 1
fi
cat "$tmp/buggy.log"
if ! grep -q "ctx-cancel-discarded" "$tmp/buggy.log" || ! grep -q "svc/buggy.go:6:12" "$tmp/buggy.log"; then
  echo "FAIL: the refused commit did not show the finding" >&2
  exit 1
fi
if [ "$(git rev-list --count HEAD)" != 2 ]; then
  echo "FAIL: expected two commits (config, clean)" >&2
  exit 1
fi

# The same bug under vendor/ and testdata/ is not the project's code: `check ./...`
# skips those directories, and so does the hook.
git rm --cached --quiet svc/buggy.go
mkdir -p vendor/example.com/dep svc/testdata
cp svc/buggy.go vendor/example.com/dep/buggy.go
cp svc/buggy.go svc/testdata/buggy.go
rm svc/buggy.go
git add vendor/example.com/dep/buggy.go svc/testdata/buggy.go
echo "== committing the bug under vendor/ and testdata/"
if ! git commit -m "vendored" >"$tmp/vendored.log" 2>&1; then
  cat "$tmp/vendored.log"
  echo "FAIL: the hook checked files under vendor/ or testdata/" >&2
  exit 1
fi
echo "== OK: clean commit accepted, buggy commit refused with the finding shown, vendor/ and testdata/ skipped"
