-- lifelint's Language Server for Neovim. Pick ONE of the two setups below.

-- 1. Built in (Neovim >= 0.8): start `lifelint lsp` for every Go buffer.
vim.api.nvim_create_autocmd("FileType", {
  pattern = "go",
  callback = function(args)
    vim.lsp.start({
      name = "lifelint",
      cmd = { "lifelint", "lsp" },
      root_dir = vim.fs.dirname(vim.fs.find({ "go.mod", ".git" }, {
        upward = true,
        path = vim.fs.dirname(vim.api.nvim_buf_get_name(args.buf)),
      })[1]),
    })
  end,
})

-- 2. With nvim-lspconfig: register lifelint as a custom server, then set it up.
--[[
local configs = require("lspconfig.configs")
if not configs.lifelint then
  configs.lifelint = {
    default_config = {
      cmd = { "lifelint", "lsp" },
      filetypes = { "go" },
      root_dir = require("lspconfig.util").root_pattern("go.mod", ".git"),
      single_file_support = true,
    },
  }
end
require("lspconfig").lifelint.setup({})
--]]
