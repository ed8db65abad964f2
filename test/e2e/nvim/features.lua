-- Neovim (0.7) as a client of the editing features: on a policy with `protocol: tcp` (fixtures/workspace/
-- quick-fixes.yaml) it waits for the pushed error, asks for completion at the protocol's value (TCP, UDP, SCTP,
-- replacing `tcp`) and at a rule's key (from, ports), then asks for code actions on the error, applies the
-- "Change tcp to TCP" edit with Neovim's own apply_workspace_edit, and waits for the error to go.
--
-- Run by scripts/run-nvim-tests.mjs as `nvim --headless --clean -n -i NONE -c "luafile features.lua"` with:
--   NETPOL_LSP_CMD      the server command as a JSON array, e.g. ["node","dist/server.js","--stdio"]
--   NETPOL_FIXTURE      the YAML file to open (quick-fixes.yaml)
-- Results go to stdout (`print` goes to stderr in 0.7 headless); `cquit N` sets the exit code.

local function say(text)
  io.stdout:write(text .. '\n')
  io.stdout:flush()
end

local client_id

local function finish(code, text)
  say(text)
  if client_id then
    vim.lsp.stop_client(client_id, true)
  end
  vim.cmd('cquit ' .. code)
end

local CODE = 'ports.protocol-unsupported'

-- A diagnostic's code: 0.7 keeps the LSP one in user_data.lsp.
local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end

-- The labels of a completion answer (a CompletionItem[] or a CompletionList).
local function labels_of(result)
  local items = result and (result.items or result) or {}
  local labels = {}
  for _, item in ipairs(items) do
    table.insert(labels, item.label)
  end
  table.sort(labels)
  return labels, items
end

local function includes(list, value)
  for _, v in ipairs(list) do
    if v == value then
      return true
    end
  end
  return false
end

local ok, err = pcall(function()
  local cmd = vim.fn.json_decode(os.getenv('NETPOL_LSP_CMD'))
  local file = os.getenv('NETPOL_FIXTURE')
  local root = vim.fn.fnamemodify(file, ':p:h')

  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'yaml'

  local server_exit
  client_id = vim.lsp.start_client({
    name = 'netpol',
    cmd = cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = 'fixtures' } },
    on_exit = function(code, signal)
      server_exit = string.format('code %s, signal %s', code, signal)
    end,
  })
  if not client_id then
    return finish(1, 'FAIL could not start ' .. table.concat(cmd, ' '))
  end
  vim.lsp.buf_attach_client(bufnr, client_id)
  local client = vim.lsp.get_client_by_id(client_id)
  local uri = vim.uri_from_bufnr(bufnr)

  -- Where `protocol: tcp` is (0-based line and byte column of `tcp`; the line is ASCII, so also UTF-16).
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  local tcp_line, tcp_col, rule_line, rule_col
  for i, line in ipairs(lines) do
    local at = line:find('^%s*%- protocol: tcp$')
    if at and not tcp_line then
      tcp_line, tcp_col = i - 1, line:find('tcp', 1, true) - 1
    end
    local dash = line:find('^%s*%- ports:')
    if dash and not rule_line then
      rule_line, rule_col = i - 1, line:find('ports', 1, true) - 1
    end
  end
  if not tcp_line or not rule_line then
    return finish(1, 'FAIL the fixture has no `protocol: tcp` in a `- ports:` rule')
  end

  local function protocol_error()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.source == 'netpol' and code_of(d) == CODE and d.lnum == tcp_line then
        return d
      end
    end
  end
  -- vim.wait pumps the event loop, so LSP messages are handled while it polls.
  vim.wait(20000, function()
    return protocol_error() ~= nil or server_exit ~= nil
  end, 20)
  if server_exit then
    return finish(1, 'FAIL the server exited (' .. server_exit .. ')')
  end
  local diagnostic = protocol_error()
  if not diagnostic then
    return finish(1, string.format('FAIL no %s on line %d within 20 s', CODE, tcp_line + 1))
  end
  say(string.format('  diagnostic %d:%d [%s] %s', diagnostic.lnum + 1, diagnostic.col + 1, CODE, diagnostic.message:sub(1, 60)))

  local function request(method, params)
    local responses, request_err = vim.lsp.buf_request_sync(bufnr, method, params, 10000)
    if not responses then
      error(method .. ': ' .. tostring(request_err))
    end
    local response = responses[client_id]
    if not response then
      error(method .. ': no response from the server')
    end
    if response.err then
      error(method .. ': ' .. vim.inspect(response.err))
    end
    return response.result
  end

  -- Completion of the value: the three protocols, each replacing exactly `tcp`.
  local values, items = labels_of(request('textDocument/completion', {
    textDocument = { uri = uri },
    position = { line = tcp_line, character = tcp_col },
  }))
  for _, expected in ipairs({ 'SCTP', 'TCP', 'UDP' }) do
    if not includes(values, expected) then
      return finish(1, 'FAIL completion of protocol lacks ' .. expected .. ': ' .. table.concat(values, ', '))
    end
  end
  for _, item in ipairs(items) do
    local range = item.textEdit and (item.textEdit.range or item.textEdit.replace)
    if item.label == 'TCP' then
      if not range or range.start.line ~= tcp_line or range.start.character ~= tcp_col or range['end'].character ~= tcp_col + 3 then
        return finish(1, 'FAIL the TCP item does not replace `tcp`: ' .. vim.inspect(item.textEdit))
      end
    end
  end
  say('  completion of protocol: ' .. table.concat(values, ', '))

  -- Completion of a key at the start of the rule (`- |ports:`): the keys an ingress rule has.
  local keys = labels_of(request('textDocument/completion', {
    textDocument = { uri = uri },
    position = { line = rule_line, character = rule_col },
  }))
  if not includes(keys, 'from') or not includes(keys, 'ports') then
    return finish(1, 'FAIL completion of a rule key lacks from or ports: ' .. table.concat(keys, ', '))
  end
  say('  completion of a rule key: ' .. table.concat(keys, ', '))

  -- Code actions on the error, as Neovim's own vim.lsp.buf.code_action would ask for them.
  local lsp_diagnostic = diagnostic.user_data and diagnostic.user_data.lsp
  local range = {
    start = { line = diagnostic.lnum, character = diagnostic.col },
    ['end'] = { line = diagnostic.end_lnum, character = diagnostic.end_col },
  }
  local actions = request('textDocument/codeAction', {
    textDocument = { uri = uri },
    range = range,
    context = { diagnostics = { lsp_diagnostic or { range = range, message = diagnostic.message } } },
  }) or {}
  local titles, fix = {}, nil
  for _, action in ipairs(actions) do
    table.insert(titles, action.title)
    if not fix and action.edit and action.title:match('^Change `?tcp`? to `?TCP`?') then
      fix = action
    end
  end
  if not fix then
    return finish(1, 'FAIL no "Change tcp to TCP" action; offered: ' .. vim.inspect(titles))
  end
  say('  code action: ' .. fix.title)

  local before = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding or 'utf-16')
  local after = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  if #after ~= #before then
    return finish(1, string.format('FAIL the fix changed the number of lines: %d -> %d', #before, #after))
  end
  for i = 1, #before do
    local expected = before[i]
    if i - 1 == tcp_line then
      expected = before[i]:gsub('protocol: tcp', 'protocol: TCP')
    end
    if after[i] ~= expected then
      return finish(1, string.format('FAIL line %d after the fix is %q, expected %q', i, after[i], expected))
    end
  end

  -- The edit reaches the server as a didChange; its next publication drops the error.
  local gone = vim.wait(20000, function()
    return protocol_error() == nil or server_exit ~= nil
  end, 20)
  if server_exit then
    return finish(1, 'FAIL the server exited (' .. server_exit .. ')')
  end
  if not gone then
    return finish(1, string.format('FAIL %s still reported 20 s after the fix', CODE))
  end
  say('  after the fix: no ' .. CODE)
  finish(0, 'PASS')
end)

if not ok then
  finish(1, 'FAIL ' .. tostring(err))
end
