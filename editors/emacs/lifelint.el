;;; lifelint.el --- lifelint's Language Server in eglot  -*- lexical-binding: t; -*-

;; Load from your init file, or copy these lines into it:
;;   (load "/path/to/lifelint/editors/emacs/lifelint.el")
;; Go buffers (go-mode or go-ts-mode) then start `lifelint lsp' through eglot.
;; Tested headless in CI (.ci/emacs-test.sh) with Debian's Emacs and eglot.

(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               '((go-mode go-ts-mode) . ("lifelint" "lsp"))))
(add-hook 'go-mode-hook #'eglot-ensure)
(add-hook 'go-ts-mode-hook #'eglot-ensure)

;;; lifelint.el ends here
