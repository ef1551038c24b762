-- Neovim's built-in LSP client against `cardlint server`: the diagnostics it receives and a
-- code action it applies. Run by tests/neovim.sh (headless); exits 0 on success, 1 on failure.
local bin, card = _G.cardlint_bin, _G.cardlint_card

local function fail(msg)
  io.stderr:write('neovim test: ' .. msg .. '\n')
  vim.cmd('cquit 1')
end

vim.cmd('edit ' .. vim.fn.fnameescape(card))
local buf = vim.api.nvim_get_current_buf()
local id = vim.lsp.start_client({
  name = 'cardlint',
  cmd = { bin, 'server' },
  root_dir = vim.fn.fnamemodify(card, ':h'),
})
if not id then fail('the client did not start') end
vim.lsp.buf_attach_client(buf, id)

local function codes()
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local c = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    out[#out + 1] = tostring(c)
  end
  table.sort(out)
  return out
end
local function has(code)
  for _, c in ipairs(codes()) do if c == code then return true end end
  return false
end

if not vim.wait(20000, function() return has('CL102') end, 50) then
  fail('no CL102 diagnostic; got ' .. table.concat(codes(), ','))
end
print('diagnostics: ' .. table.concat(codes(), ' '))

local client = vim.lsp.get_client_by_id(id)
-- The CL102 finding is on line 5 (0-based 4): ask for its quick fixes.
local params = {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  range = { start = { line = 4, character = 0 }, ['end'] = { line = 4, character = 0 } },
  context = { diagnostics = {}, only = { 'quickfix' } },
}
local resp = client.request_sync('textDocument/codeAction', params, 20000, buf)
if not resp or resp.err or not resp.result then fail('codeAction failed: ' .. vim.inspect(resp)) end
local fix
for _, a in ipairs(resp.result) do
  if a.title:match('^Fix CL102') then fix = a end
end
if not fix then fail('no "Fix CL102" action in ' .. vim.inspect(resp.result)) end
vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding or 'utf-16')
local line = vim.api.nvim_buf_get_lines(buf, 4, 5, false)[1]
if line ~= '  emissions: 300' then fail('after the fix, line 5 is ' .. vim.inspect(line)) end
print('applied: ' .. fix.title)

-- The edit re-lints the card: CL102 goes away.
if not vim.wait(20000, function() return not has('CL102') end, 50) then
  fail('CL102 still reported after the fix: ' .. table.concat(codes(), ','))
end

-- Hover on co2_eq_emissions shows the verdict.
local h = client.request_sync('textDocument/hover', {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  position = { line = 3, character = 2 },
}, 20000, buf)
if not h or not h.result or not h.result.contents.value:match('verdict') then
  fail('hover: ' .. vim.inspect(h))
end
print('hover: ' .. h.result.contents.value:gsub('\n.*', ''))
vim.lsp.stop_client(id)
vim.cmd('qall!')
