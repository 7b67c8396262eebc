package org.policybot.bot.wechat;

import java.util.Locale;
import java.util.Set;

/** Everything the WeChat channel says on its own (not answers), in one place. */
final class WechatTexts {

    static final String WELCOME = """
            您好，欢迎关注！我可以根据已发布的社会保险政策和新闻文章回答您的问题，并注明出处。
            您可以这样问：
            1. 我2013年退伍的，养老保险关系要自己去接续吗？
            2. 同一年既交了职工养老保险又交了居民养老保险，重复的部分怎么处理？
            3. “自然指数—科研城市”前十名里有几个中国城市？
            直接输入文字问题即可；回答较长时，回复"更多"查看剩余内容。""";

    static final String TEXT_ONLY = "目前只能回答文字问题，请直接输入您想咨询的问题，例如：“退役军人的养老保险关系怎么接续？”";

    static final String NO_MORE = "没有更多内容了。请直接输入新的问题。";

    static final String BUSY = "当前咨询人数较多，请稍后再发一次您的问题。";

    static final String FAILED = "抱歉，系统暂时出了点问题，没能查到回答。请稍后再试，或拨打12333人力资源社会保障服务热线咨询。";

    /** After the numbered options of a clarify answer. */
    static final String CLARIFY_HINT = "回复序号或地名即可";

    static final String STILL_WORKING = "（您刚发送的问题还在查询中，稍后发送任意消息即可查看回答。）";

    private static final Set<String> MORE = Set.of("更多", "更多内容", "查看更多", "继续", "more");

    private WechatTexts() {
    }

    static String rateLimited(long seconds) {
        return "您提问得太快了，请" + seconds + "秒后再试。";
    }

    /** "您问：“…”" before an answer handed out later, so the user knows which question it answers. */
    static String answerTo(String question) {
        String q = question.strip();
        if (q.codePointCount(0, q.length()) > 40) {
            q = q.substring(0, q.offsetByCodePoints(0, 40)) + "…";
        }
        return "您问：“" + q + "”";
    }

    private static final java.util.regex.Pattern TRAILING_PUNCTUATION = java.util.regex.Pattern.compile("[\\p{Punct}。！？～~，\\s]+$");

    /** Whether a text asks for the rest of the last long answer. */
    static boolean asksForMore(String text) {
        String t = TRAILING_PUNCTUATION.matcher(text.strip()).replaceAll("").toLowerCase(Locale.ROOT);
        return MORE.contains(t);
    }
}
