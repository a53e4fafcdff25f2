-- lifelint's Language Server for Neovim. Pick ONE of the two setups below.

-- 1. Built in, no plugin: start `lifelint lsp` for every Go buffer.
--    Neovim >= 0.8 uses vim.lsp.start (one client per root, reused);
--    Neovim 0.7 has no vim.lsp.start nor vim.fs, so it falls back to
--    vim.lsp.start_client + vim.lsp.buf_attach_client (one shared client).
local function lifelint_root(bufnr)
  local dir = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(bufnr), ":p:h")
  local gomod = vim.fn.findfile("go.mod", dir .. ";")
  if gomod ~= "" then
    return vim.fn.fnamemodify(gomod, ":p:h")
  end
  local git = vim.fn.finddir(".git", dir .. ";")
  if git ~= "" then
    return vim.fn.fnamemodify(git, ":p:h:h") -- ":p" adds a trailing "/"
  end
  return dir
end

local lifelint_client_id -- Neovim 0.7 only
vim.api.nvim_create_autocmd("FileType", {
  pattern = "go",
  callback = function(args)
    local config = {
      name = "lifelint",
      cmd = { "lifelint", "lsp" },
      root_dir = lifelint_root(args.buf),
    }
    if vim.lsp.start then -- Neovim >= 0.8
      vim.lsp.start(config)
      return
    end
    if not (lifelint_client_id and vim.lsp.get_client_by_id(lifelint_client_id)) then
      lifelint_client_id = vim.lsp.start_client(config)
    end
    if lifelint_client_id then
      vim.lsp.buf_attach_client(args.buf, lifelint_client_id)
    end
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
