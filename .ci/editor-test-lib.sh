# Shared by the editor end-to-end tests (.ci/neovim-test.sh, .ci/emacs-test.sh);
# sourced first thing, with $checkout and $tmp set.

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# Installs Debian packages (root or sudo), updating the package lists only when
# the first attempt fails; the apt log is shown on failure.
apt_install() {
  local sudo=
  if [ "$(id -u)" -ne 0 ]; then sudo=sudo; fi
  export DEBIAN_FRONTEND=noninteractive
  if ! $sudo apt-get install -y -q --no-install-recommends "$@" >"$tmp/apt.log" 2>&1; then
    $sudo apt-get update -q >>"$tmp/apt.log" 2>&1 || { cat "$tmp/apt.log" >&2; fail "apt-get update failed"; }
    $sudo apt-get install -y -q --no-install-recommends "$@" >>"$tmp/apt.log" 2>&1 || { cat "$tmp/apt.log" >&2; fail "apt-get install $* failed"; }
  fi
}

# Builds lifelint (release) and puts it first on PATH.
build_lifelint() {
  echo "== building lifelint"
  (cd "$checkout" && cargo build --release --quiet)
  local target_dir=${CARGO_TARGET_DIR:-$checkout/target}
  case "$target_dir" in /*) ;; *) target_dir="$checkout/$target_dir" ;; esac
  export PATH="$target_dir/release:$PATH"
  command -v lifelint >/dev/null || fail "lifelint not found after the build"
}

# A Go module in $tmp/proj whose leak.go discards a context.CancelFunc.
write_leaky_project() {
  mkdir -p "$tmp/proj"
  printf 'module example.com/p\n\ngo 1.21\n' >"$tmp/proj/go.mod"
  printf 'package p\n\nimport "context"\n\nfunc leak(parent context.Context) context.Context {\n\tctx, _ := context.WithCancel(parent)\n\treturn ctx\n}\n' >"$tmp/proj/leak.go"
}
