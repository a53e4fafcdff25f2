#!/usr/bin/env bash
# End-to-end test of editors/emacs/lifelint.el: a real batch Emacs (`-Q`, so no
# user config interferes) with Debian's eglot loads the snippet, opens a Go file
# with a known bug, and must show lifelint's `ctx-cancel-discarded` diagnostic
# through Flymake, with eglot's event log holding the server's
# publishDiagnostics. No go-mode package is needed: the test defines a stand-in
# `go-mode`, the major mode the snippet names.
#
# Installs Debian's `emacs-nox` and `elpa-eglot` if Emacs or eglot is missing
# (needs root or sudo). Emacs runs under `timeout 60`, so the test cannot hang.
set -euo pipefail

checkout=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# shellcheck source=.ci/editor-test-lib.sh
. "$checkout/.ci/editor-test-lib.sh"

if ! command -v emacs >/dev/null 2>&1 || ! ls -d /usr/share/emacs/site-lisp/elpa/eglot-* >/dev/null 2>&1; then
  echo "== installing emacs-nox and elpa-eglot"
  apt_install emacs-nox elpa-eglot
fi
echo "== $(emacs --version | head -n 1)"

build_lifelint
write_leaky_project

cat >"$tmp/test.el" <<'ELISP'
;; Driven by .ci/emacs-test.sh: prints "PASS ..." or "FAIL ..." and exits.
(require 'package)
;; Debian's elpa-* packages (eglot), which -Q does not activate by itself.
(add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa")
(package-initialize)
(require 'cl-lib)
;; No go-mode package needed: a stand-in major mode of that name.
(define-derived-mode go-mode prog-mode "Go")
(add-to-list 'auto-mode-alist '("\\.go\\'" . go-mode))
(load (getenv "SNIPPET") nil t)
(require 'eglot)
(find-file (getenv "GOFILE"))
;; eglot-ensure connects from post-command-hook; batch Emacs runs no command loop.
(run-hooks 'post-command-hook)
(defun lifelint-test--found ()
  (cl-find-if (lambda (d) (string-match-p "cancel" (flymake-diagnostic-text d)))
              (flymake-diagnostics)))
(let ((deadline (+ (float-time) 30)) found)
  (while (and (not found) (< (float-time) deadline))
    (accept-process-output nil 0.2)
    (when (bound-and-true-p flymake-mode) (flymake-start))
    (setq found (lifelint-test--found)))
  (let* ((server (eglot-current-server))
         (log (cl-find-if (lambda (b) (string-match-p "\\`\\*EGLOT .* events\\*\\'" (buffer-name b)))
                          (buffer-list)))
         (events (and log (with-current-buffer log (buffer-string)))))
    (if (and found events (string-match-p "ctx-cancel-discarded" events))
        (progn (princ (format "PASS emacs=%s eglot server=%s diagnostic=%S\n"
                              emacs-version (process-command (jsonrpc--process server))
                              (flymake-diagnostic-text found)))
               (kill-emacs 0))
      (princ (format "FAIL emacs=%s connected=%s flymake=%s diagnostics=%S\n"
                     emacs-version (and server t) (bound-and-true-p flymake-mode)
                     (mapcar #'flymake-diagnostic-text (flymake-diagnostics))))
      (kill-emacs 1))))
ELISP

echo "== running emacs --batch"
set +e
SNIPPET=$checkout/editors/emacs/lifelint.el GOFILE=$tmp/proj/leak.go HOME=$tmp \
  timeout 60 emacs -Q --batch -l "$tmp/test.el" </dev/null >"$tmp/out.log" 2>"$tmp/err.log"
status=$?
set -e
line=$(grep -E '^(PASS|FAIL)' "$tmp/out.log" || true)
echo "== ${line:-no result} (exit status $status)"
case $line in
  PASS*) [ "$status" -eq 0 ] || fail "emacs exited $status after PASS" ;;
  *)
    cat "$tmp/out.log" "$tmp/err.log" >&2
    fail "no ctx-cancel-discarded diagnostic in Emacs: ${line:-emacs exited $status}"
    ;;
esac
echo "OK: Emacs with eglot shows lifelint's ctx-cancel-discarded diagnostic"
