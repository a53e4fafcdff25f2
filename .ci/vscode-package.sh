#!/usr/bin/env bash
# Packages editors/vscode with vsce, as a user publishing it would: `npm install`,
# then `vsce package` (which bundles extension.js and vscode-languageclient into
# dist/extension.js with esbuild, via the `vscode:prepublish` script). Fails on any
# vsce WARNING, and checks what the .vsix holds: the manifest, the bundle, README
# and LICENSE, and no node_modules. Needs Node.js and the npm registry; without
# npm it is SKIPPED, loudly.
set -euo pipefail
checkout=$(cd "$(dirname "$0")/.." && pwd)

if ! command -v npm >/dev/null 2>&1; then
  echo "!! SKIPPED: no npm, so the VS Code extension was NOT packaged" >&2
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$checkout/editors/vscode" "$tmp/ext"
cd "$tmp/ext"
npm install --no-audit --no-fund --loglevel=error >"$tmp/npm.log" 2>&1 || { cat "$tmp/npm.log" >&2; exit 1; }
# vsce 3.2 runs on the Node.js 20 of Debian-based machines; later ones want Node 22.
if ! npx --yes @vscode/vsce@3.2.2 package --out "$tmp/lifelint.vsix" >"$tmp/vsce.log" 2>&1; then
  cat "$tmp/vsce.log" >&2
  echo "FAIL: vsce package failed" >&2
  exit 1
fi
if grep -E '(^| )WARNING ' "$tmp/vsce.log" >&2; then
  echo "FAIL: vsce package warned" >&2
  exit 1
fi
python3 - "$tmp/lifelint.vsix" <<'PY'
import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
for wanted in ["extension/package.json", "extension/dist/extension.js",
               "extension/readme.md", "extension/LICENSE.txt"]:
    assert wanted in names, f"{wanted} missing from the .vsix: {names}"
assert not any("node_modules" in n for n in names), "node_modules packaged"
print(f"vsce packaged lifelint.vsix without warnings: {len(names)} files")
PY
