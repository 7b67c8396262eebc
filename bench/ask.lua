-- wrk script: POST /api/ask with a rotating set of citizen-style questions (extractive answers).
-- Each request names one of 64 users so the per-user rate limit is exercised, not hit
-- (load.sh raises the limit for the run).
-- BENCH_UNIQUE=true makes every request a different question for the answer cache (a pattern
-- of spaces and tabs before its last character, which retrieval ignores), to measure
-- answering itself.
local questions = {
  "退役军人的养老保险怎么接续？",
  "同一年既交了职工养老又交了居民养老，重复的钱怎么退？",
  "集体补助也能退吗",
  "城乡居民养老保险什么情况下可以退保",
  "12333热线能办什么业务",
  "天津今年要改造多少个口袋公园",
  "江门中微子实验有多少个国家的科学家参加",
  "我2015年退伍的，养老保险要自己去办接续吗",
  "服役年限能算失业保险缴费年限吗",
  "高校区域技术转移转化中心在哪里揭牌的",
  "火星上的养老院怎么申请",
  "总结一下口袋公园那篇文章",
}

local counter = 0
local unique = os.getenv("BENCH_UNIQUE") == "true"

-- Each wrk thread runs its own copy of this script: number them so their questions differ.
local threads = 0
function setup(thread)
  thread:set("thread_number", threads)
  threads = threads + 1
end

request = function()
  counter = counter + 1
  local q = questions[(counter % #questions) + 1]
  if unique then
    -- Before the last character (3 bytes in UTF-8, mostly a question mark): the request number
    -- written in 16 binary digits of space and tab, which retrieval ignores but the answer
    -- cache does not; 65,536 variants of each question, 16 characters longer.
    local n = math.floor(counter / #questions) * 8 + (thread_number or 0)
    local pad = {}
    for bit = 0, 15 do
      pad[#pad + 1] = (math.floor(n / 2 ^ bit) % 2 == 1) and "\\t" or " "
    end
    q = string.sub(q, 1, -4) .. table.concat(pad) .. string.sub(q, -3)
  end
  local body = '{"question":"' .. q .. '","user":"bench-' .. (counter % 64) .. '"}'
  return wrk.format("POST", "/api/ask", { ["Content-Type"] = "application/json" }, body)
end
