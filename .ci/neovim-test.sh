#!/usr/bin/env bash
# End-to-end test of editors/neovim/lifelint.lua: a real headless Neovim loads
# the snippet (with `-u NONE`, so no user config or plugins interfere), opens a
# Go file with a known bug, and must receive lifelint's `ctx-cancel-discarded`
# diagnostic from `lifelint lsp` within ~20 s.
#
# Which Lua API is exercised depends on the installed Neovim (the snippet picks
# by a feature check, `if vim.lsp.start then`):
#   - Neovim >= 0.8: vim.lsp.start
#   - Neovim 0.7 (Debian bookworm ships 0.7.2): vim.lsp.start_client +
#     vim.lsp.buf_attach_client
# The script prints the version and the API used.
#
# Installs Debian's `neovim` package if `nvim` is missing (needs root or sudo),
# builds the release binary and puts target/release on PATH. nvim runs under
# `timeout 60`, so the test cannot hang.
set -euo pipefail

checkout=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# shellcheck source=.ci/editor-test-lib.sh
. "$checkout/.ci/editor-test-lib.sh"

if ! command -v nvim >/dev/null 2>&1; then
  echo "== installing neovim"
  apt_install neovim
fi
nvim_version=$(nvim --version | head -n 1)
echo "== $nvim_version"

build_lifelint
write_leaky_project

result=$tmp/result.txt
cat >"$tmp/test.lua" <<'EOF'
-- Driven by .ci/neovim-test.sh; writes one line "PASS ..." or "FAIL ..." to $RESULT.
local result_path = os.getenv("RESULT")
local function finish(line)
  local f = assert(io.open(result_path, "w"))
  f:write(line, "\n")
  f:close()
  vim.cmd("qall!")
end

local ok, err = xpcall(function()
  vim.cmd("filetype on")
  vim.cmd("luafile " .. vim.fn.fnameescape(os.getenv("SNIPPET")))
  local api = vim.lsp.start and "vim.lsp.start" or "vim.lsp.start_client+vim.lsp.buf_attach_client"
  vim.cmd("edit " .. vim.fn.fnameescape(os.getenv("GOFILE")))

  local function has_code(code)
    for _, d in ipairs(vim.diagnostic.get(0)) do
      local c = d.code
      if c == nil and d.user_data and d.user_data.lsp then
        c = d.user_data.lsp.code
      end
      if c == code then
        return true
      end
    end
    return false
  end

  local found = vim.wait(20000, function()
    return has_code("ctx-cancel-discarded")
  end, 100)

  local clients = {}
  for _, c in pairs(vim.lsp.buf_get_clients(0)) do
    table.insert(clients, c.name)
  end
  if found then
    finish(string.format("PASS api=%s clients=%s", api, table.concat(clients, ",")))
  else
    local got = {}
    for _, d in ipairs(vim.diagnostic.get(0)) do
      table.insert(got, tostring(d.code) .. ": " .. d.message)
    end
    finish(string.format("FAIL api=%s filetype=%s clients=[%s] diagnostics=[%s]", api, vim.bo.filetype,
      table.concat(clients, ","), table.concat(got, "; ")))
  end
end, debug.traceback)
if not ok then
  finish("FAIL lua error: " .. tostring(err):gsub("\n", " | "))
end
EOF

echo "== running nvim --headless"
start=$(date +%s)
set +e
RESULT=$result SNIPPET=$checkout/editors/neovim/lifelint.lua GOFILE=$tmp/proj/leak.go \
  XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data XDG_STATE_HOME=$tmp/state XDG_CACHE_HOME=$tmp/cache \
  timeout 60 nvim --headless -u NONE -i NONE -n -c "luafile $tmp/test.lua" </dev/null >"$tmp/nvim.log" 2>&1
status=$?
set -e
echo "== nvim exited with $status after $(($(date +%s) - start)) s"

if [ "$status" -eq 124 ]; then
  cat "$tmp/nvim.log" >&2
  fail "nvim did not finish within 60 s"
fi
if [ ! -s "$result" ]; then
  cat "$tmp/nvim.log" >&2
  fail "nvim wrote no result (exit status $status)"
fi
line=$(cat "$result")
echo "== $line"
case $line in
  PASS*) ;;
  *)
    cat "$tmp/nvim.log" >&2
    fail "no ctx-cancel-discarded diagnostic in Neovim ($nvim_version): $line"
    ;;
esac
echo "OK: Neovim ($nvim_version) shows lifelint's ctx-cancel-discarded diagnostic"
