-- Neovim as the client of `trackmd lsp` (tests/test_lsp_editor.py): open a tracker, wait
-- for its diagnostics, apply "Update derived values", write the file, quit.
-- Neovim 0.7 and later: vim.lsp.start_client (0.8's vim.lsp.start is sugar over it).
local path, bin, report = os.getenv("E2E_FILE"), os.getenv("E2E_TRACKMD"), os.getenv("E2E_REPORT")
local out = assert(io.open(report, "w"))
local function fail(message)
  out:write("error: " .. message .. "\n")
  out:close()
  vim.cmd("cquit 2")
end

vim.cmd("edit " .. vim.fn.fnameescape(path))
local buf = vim.api.nvim_get_current_buf()
local received = nil
local id = vim.lsp.start_client({
  name = "trackmd",
  cmd = { bin, "lsp" },
  root_dir = vim.fn.fnamemodify(path, ":h"),
  handlers = {
    ["textDocument/publishDiagnostics"] = function(err, result, ctx, config)
      if result and #result.diagnostics > 0 then
        received = result.diagnostics
      end
      vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
    end,
  },
})
if not id then fail("the server did not start") end
vim.lsp.buf_attach_client(buf, id)
if not vim.wait(30000, function() return received ~= nil end, 50) then
  fail("no diagnostics")
end
for _, d in ipairs(received) do
  out:write(string.format("diagnostic %d:%d %s\n", d.range.start.line, d.range.start.character, d.code))
end

local client = vim.lsp.get_client_by_id(id)
local params = {
  textDocument = vim.lsp.util.make_text_document_params(buf),
  range = { start = { line = 0, character = 0 }, ["end"] = { line = 0, character = 0 } },
  context = { diagnostics = {} },
}
local answer = client.request_sync("textDocument/codeAction", params, 30000, buf)
if not answer or answer.err or not answer.result then fail("no code actions") end
local chosen = nil
for _, action in ipairs(answer.result) do
  out:write("action " .. action.title .. "\n")
  if action.title == "Update derived values" then chosen = action end
end
if not chosen then fail("no Update derived values action") end
if not chosen.edit then
  local resolved = client.request_sync("codeAction/resolve", chosen, 30000, buf)
  if not resolved or resolved.err then fail("resolve failed") end
  chosen = resolved.result
end
vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding or "utf-16")
vim.cmd("write")
out:write("written\n")
out:close()
vim.lsp.stop_client(id)
vim.cmd("qall!")
