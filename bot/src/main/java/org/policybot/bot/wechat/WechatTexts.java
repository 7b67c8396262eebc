package org.policybot.bot.wechat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.policybot.bot.answer.Citation;
import org.policybot.bot.messages.Messages;

/**
 * Everything the WeChat channel says on its own (not answers), from {@link Messages}; and
 * what a user types to ask for the rest of a long answer.
 */
final class WechatTexts {

    private static final Set<String> MORE = Set.of("更多", "更多内容", "查看更多", "继续", "more");

    private final Messages messages;

    /** "标题（2025-12-02）" for a source. */
    String sourceLine(Citation citation) {
        return citation.sourceLine(messages);
    }

    WechatTexts(Messages messages) {
        this.messages = messages;
    }

    /** On subscribing: what the bot does, with the example questions numbered when there are some. */
    String welcome() {
        List<String> examples = messages.examples();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            lines.add(messages.text("wechat.welcome.example", i + 1, examples.get(i)));
        }
        return messages.text("wechat.welcome",
                lines.isEmpty() ? "" : messages.text("wechat.welcome.examples", String.join("\n", lines)));
    }

    String textOnly() {
        return messages.text("wechat.text-only");
    }

    String noMore() {
        return messages.text("wechat.no-more");
    }

    String busy() {
        return messages.text("wechat.busy");
    }

    String failed() {
        return messages.text("wechat.failed");
    }

    /** After the numbered options of a clarify answer. */
    String clarifyHint() {
        return messages.text("wechat.clarify-hint");
    }

    /** The label a language model's answers end with (moved onto its own line before the sources). */
    String aiLabel() {
        return messages.text("answer.ai-label");
    }

    /** After answers handed out while the user's newest question is still being answered. */
    String stillWorking() {
        return messages.text("wechat.still-working");
    }

    /** At the end of every reply but the last of a long answer. */
    String moreHint() {
        return messages.text("wechat.more-hint");
    }

    /** Before the source list of an answer. */
    String sources() {
        return messages.text("wechat.sources");
    }

    String rateLimited(long seconds) {
        return messages.text("wechat.rate-limited", seconds);
    }

    /** "您问：“…”" before an answer handed out later, so the user knows which question it answers. */
    String answerTo(String question) {
        String q = question.strip();
        if (q.codePointCount(0, q.length()) > 40) {
            q = q.substring(0, q.offsetByCodePoints(0, 40)) + "…";
        }
        return messages.text("wechat.answer-to", q);
    }

    private static final java.util.regex.Pattern TRAILING_PUNCTUATION = java.util.regex.Pattern.compile("[\\p{Punct}。！？～~，\\s]+$");

    /** Whether a text asks for the rest of the last long answer. */
    static boolean asksForMore(String text) {
        String t = TRAILING_PUNCTUATION.matcher(text.strip()).replaceAll("").toLowerCase(Locale.ROOT);
        return MORE.contains(t);
    }
}
