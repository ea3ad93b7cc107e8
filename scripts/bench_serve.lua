-- wrk script for scripts/bench_serve.sh: mixed API searches. Each of the
-- 50 queries of scripts/bench_queries.txt in four shapes (a page of 10
-- hits; with facets and the timeline's day counts; newest first; within
-- March-April 1987), 200 requests in all, taken in turn by each wrk
-- thread from its own starting point.
local queries_file = os.getenv("BENCH_QUERIES") or "scripts/bench_queries.txt"

local function encode(s)
  return (s:gsub("[^%w%-%._~]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end

-- BENCH_SHAPES=plain: only the first shape, a page of 10 hits; with
-- BENCH_API=tantivy, as tantivy-cli's `tantivy serve` takes it
-- (/api/?q=...&nhits=10), for the peer.
local plain = os.getenv("BENCH_SHAPES") == "plain"
local tantivy = os.getenv("BENCH_API") == "tantivy"

local paths = {}
for line in io.lines(queries_file) do
  if line ~= "" then
    if tantivy then
      table.insert(paths, "/api/?q=" .. encode(line) .. "&nhits=10")
    else
      local q = "/api/search?q=" .. encode(line)
      table.insert(paths, q .. "&limit=10")
      if not plain then
        table.insert(paths, q .. "&limit=10&facets=1")
        table.insert(paths, q .. "&limit=10&sort=date")
        table.insert(paths, q .. "&limit=10&from=1987-03&to=1987-04")
      end
    end
  end
end

local counter = 0
local threads = 0

function setup(thread)
  thread:set("start", threads * 53)
  threads = threads + 1
end

function init(args)
  counter = start or 0
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
