-- Neovim's built-in LSP client (0.7+) against `check-doctrines lsp --stdio`: open a file of the project,
-- wait for the diagnostics, write them (line:code:first line of the message) to $DOCTRINES_OUT, quit.
local root = vim.env.DOCTRINES_ROOT
local client_id = vim.lsp.start_client({
  name = 'check-doctrines',
  cmd = { vim.env.DOCTRINES_NODE, vim.env.DOCTRINES_BIN, 'lsp', '--stdio' },
  root_dir = root,
  init_options = { debounceMs = 10 },
})
vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/' .. vim.env.DOCTRINES_FILE))
vim.lsp.buf_attach_client(0, client_id)
vim.wait(30000, function() return #vim.diagnostic.get(0) > 0 end, 50)
local lines = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or '?'
  table.insert(lines, (d.lnum + 1) .. ':' .. code .. ':' .. (d.message:gsub('\n.*', '')))
end
table.sort(lines)
local f = assert(io.open(vim.env.DOCTRINES_OUT, 'w'))
f:write(table.concat(lines, '\n'))
f:close()
vim.lsp.stop_client(client_id)
vim.cmd('qa!')
