-- wrk script: every request asks for a different address, picked at random from a file
-- of paths (one a line), so that a mix measures cache misses, not one cached page.
--   wrk -s bench/random_urls.lua http://127.0.0.1:8099 -- /tmp/urls.txt
local paths = {}

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  -- Each thread its own sequence: wrk starts them in the same second.
  math.randomseed(os.time() + math.floor(os.clock() * 1000000) + #paths)
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end
