-- wrk script: POST /api/ask with a rotating set of citizen-style questions (extractive answers).
-- Each request names one of 64 users so the per-user rate limit is exercised, not hit
-- (load.sh raises the limit for the run).
-- BENCH_UNIQUE=true makes every request miss the answer cache, to measure answering itself:
-- each request opens a conversation of its own (a new conversationId), which the cache
-- skips. The question stays one of the set. (Whitespace inside a question no longer makes it
-- different: every channel collapses runs of whitespace before the answer path.) A
-- conversation's turn is written to the database, as a chat's is.
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

-- Each wrk thread runs its own copy of this script: number them so their conversations differ.
local threads = 0
function setup(thread)
  thread:set("thread_number", threads)
  threads = threads + 1
end

request = function()
  counter = counter + 1
  local q = questions[(counter % #questions) + 1]
  local conversation = ""
  if unique then
    conversation = ',"conversationId":"bench-' .. (thread_number or 0) .. '-' .. counter .. '"'
  end
  local body = '{"question":"' .. q .. '","user":"bench-' .. (counter % 64) .. '"' .. conversation .. '}'
  return wrk.format("POST", "/api/ask", { ["Content-Type"] = "application/json" }, body)
end
