package org.policybot.bot.wechat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.policybot.bot.answer.Answer;
import org.policybot.bot.answer.Citation;
import org.policybot.bot.channel.Clarifications;
import org.policybot.bot.channel.TextSplitter;

/**
 * Writes an answer the way a WeChat chat shows it: plain text (WeChat renders no
 * Markdown), citations as 【1】, a compact source list (one line per article, naming the
 * markers that cite it), a clarify answer's options numbered for the reply, and cut into
 * replies of at most 2,048 UTF-8 bytes at sentence boundaries, every part but the last
 * telling the user to send "更多" for the rest.
 */
final class ReplyText {

    /** WeChat's limit for a text reply (passive or customer-service), in UTF-8 bytes. */
    static final int MAX_BYTES = 2048;
    static final String MORE_HINT = "（回复\"更多\"查看剩余内容）";

    private static final Pattern BLANK_LINES = Pattern.compile("\n{3,}");
    private static final Pattern MARKER = Pattern.compile("\\[(\\d{1,3})]");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]\\n]+)]\\((https?://[^)\\s]+)\\)");
    private static final Pattern BOLD = Pattern.compile("(\\*\\*|__)(.+?)\\1");
    private static final Pattern CODE = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern HEADING = Pattern.compile("(?m)^[ \\t]*#{1,6}[ \\t]+");
    private static final Pattern BULLET = Pattern.compile("(?m)^[ \\t]*[-*+][ \\t]+");
    private static final Pattern RULE = Pattern.compile("(?m)^[ \\t]*([-*_])\\1{2,}[ \\t]*$\\n?");

    private ReplyText() {
    }

    /**
     * The answer as one plain text with its sources; a clarify answer as its question, the
     * options numbered and how to pick one.
     */
    static String of(Answer answer) {
        if (answer.outcome() == Answer.Outcome.CLARIFY && !answer.options().isEmpty()) {
            return plain(Clarifications.prompt(answer)) + "\n" + plain(Clarifications.numbered(answer.options())) + "\n"
                    + WechatTexts.CLARIFY_HINT;
        }
        String text = plain(answer.text());
        if (answer.citations().isEmpty()) {
            return text;
        }
        Map<String, StringBuilder> markersBySource = new LinkedHashMap<>();
        for (Citation c : answer.citations()) {
            markersBySource.computeIfAbsent(c.sourceLine(), k -> new StringBuilder()).append('【').append(c.n()).append('】');
        }
        StringBuilder sb = new StringBuilder(text).append("\n\n来源：");
        markersBySource.forEach((source, markers) -> sb.append('\n').append(markers).append(source));
        return sb.toString();
    }

    /** Markdown and "[n]" markers turned into WeChat's plain-text style. */
    static String plain(String markdown) {
        String s = SafeXml.clean(markdown);
        s = LINK.matcher(s).replaceAll("$1（$2）");
        s = MARKER.matcher(s).replaceAll("【$1】");
        s = BOLD.matcher(s).replaceAll("$2");
        s = CODE.matcher(s).replaceAll("$1");
        s = RULE.matcher(s).replaceAll("");
        s = HEADING.matcher(s).replaceAll("");
        s = BULLET.matcher(s).replaceAll("· ");
        return BLANK_LINES.matcher(s).replaceAll("\n\n").strip();
    }

    /** Replies for the "更多" flow: every part but the last ends with the hint. */
    static List<String> pages(String text) {
        return cut(text, "\n" + MORE_HINT);
    }

    /** Messages to send one after the other (customer-service API), with no hint. */
    static List<String> messages(String text) {
        return cut(text, "");
    }

    private static List<String> cut(String text, String suffix) {
        List<String> parts = new ArrayList<>();
        String rest = text.strip();
        int room = MAX_BYTES - TextSplitter.bytes(suffix);
        while (TextSplitter.bytes(rest) > MAX_BYTES) {
            int at = TextSplitter.cutPoint(rest, room);
            parts.add(rest.substring(0, at).stripTrailing() + suffix);
            rest = rest.substring(at).strip();
        }
        if (!rest.isEmpty() || parts.isEmpty()) {
            parts.add(rest);
        }
        return parts;
    }
}
