-- A second LSP client: Neovim (0.7, Debian's) starts the language server over stdio, opens a policy with an
-- invalid CIDR, waits for the pushed diagnostics (0.7 has no pull diagnostics), checks a `netpol` one sits on the
-- expected line, then asks for a hover there (it may be empty; it must not fail).
--
-- Run by scripts/run-nvim-tests.mjs as `nvim --headless --clean -n -i NONE -c "luafile check.lua"` with:
--   NETPOL_LSP_CMD      the server command as a JSON array, e.g. ["node","dist/server.js","--stdio"]
--   NETPOL_FIXTURE      the YAML file to open
--   NETPOL_EXPECT_LINE  the 0-based line of the bad CIDR
-- In 0.7 headless `print` goes to stderr, so results are written to stdout; `cquit N` sets the exit code.

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

local ok, err = pcall(function()
  local cmd = vim.fn.json_decode(os.getenv('NETPOL_LSP_CMD'))
  local file = os.getenv('NETPOL_FIXTURE')
  local expect_line = tonumber(os.getenv('NETPOL_EXPECT_LINE'))
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
    finish(1, 'FAIL could not start ' .. table.concat(cmd, ' '))
    return
  end
  vim.lsp.buf_attach_client(bufnr, client_id)

  -- vim.wait pumps the event loop, so LSP messages are handled while it polls.
  local function netpol_diagnostics()
    local found = {}
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.source == 'netpol' then
        table.insert(found, d)
      end
    end
    return found
  end
  local function on_expected_line()
    for _, d in ipairs(netpol_diagnostics()) do
      if d.lnum == expect_line and d.severity == vim.diagnostic.severity.ERROR then
        return d
      end
    end
  end
  local arrived = vim.wait(20000, function()
    return on_expected_line() ~= nil or server_exit ~= nil
  end, 20)

  local seen = {}
  for _, d in ipairs(netpol_diagnostics()) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or '?'
    table.insert(seen, string.format('%d:%d [%s] %s', d.lnum + 1, d.col + 1, tostring(code), d.message))
    say('  diagnostic ' .. seen[#seen])
  end
  if server_exit then
    finish(1, 'FAIL the server exited (' .. server_exit .. ')')
    return
  end
  if not arrived then
    finish(1, string.format('FAIL no netpol error on line %d within 20 s (saw %d netpol diagnostics)', expect_line + 1, #seen))
    return
  end

  -- Hover is optional until the server offers it; when it does, it must answer without an error.
  local client = vim.lsp.get_client_by_id(client_id)
  local capabilities = client.server_capabilities or {}
  if not capabilities.hoverProvider then
    say('  hover not offered by the server (skipped)')
    finish(0, 'PASS')
    return
  end
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = expect_line, character = 14 },
  }
  local responses, request_err = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', params, 10000)
  if not responses then
    finish(1, 'FAIL hover: ' .. tostring(request_err))
    return
  end
  local response = responses[client_id]
  if not response then
    finish(1, 'FAIL hover: no response from the server')
    return
  end
  if response.err then
    finish(1, 'FAIL hover error: ' .. vim.inspect(response.err))
    return
  end
  local hover = response.result and response.result.contents
  local hover_text = hover and (type(hover) == 'table' and (hover.value or vim.inspect(hover)) or tostring(hover)) or '(empty)'
  local one_line = hover_text:gsub('%s+', ' ')
  say('  hover ' .. one_line:sub(1, 120))
  finish(0, 'PASS')
end)

if not ok then
  finish(1, 'FAIL ' .. tostring(err))
end
