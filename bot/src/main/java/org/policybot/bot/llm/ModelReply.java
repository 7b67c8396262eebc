package org.policybot.bot.llm;

import java.util.regex.Pattern;

/**
 * A model's reply reduced to the answer: reasoning models (DeepSeek-R1, Qwen3 on Ollama)
 * put their thinking in {@code <think>…</think>}; many models end with their own source
 * list ("参考来源：[1] 《…》"), which would repeat the sources the channels print; some
 * add the AI label themselves.
 */
final class ModelReply {

    private static final Pattern THINKING = Pattern.compile("(?s)<think>.*?(</think>|$)");
    private static final Pattern SOURCE_LIST = Pattern.compile(
            "(?sm)^[ \\t>#*-]*(?:参考来源|参考资料|资料来源|引用来源|来源|出处)[ \\t*]*[:：].*\\z");

    private ModelReply() {
    }

    static String clean(String reply) {
        if (reply == null) {
            return "";
        }
        String out = THINKING.matcher(reply).replaceAll("");
        out = SOURCE_LIST.matcher(out).replaceAll("");
        return out.replace(LangChainAnswerer.LABEL, "").strip();
    }
}
