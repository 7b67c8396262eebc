package org.policybot.bot.wechat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
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
 *
 * <p>A long answer is cut when it is written ({@link #of}), so that every part stands on its
 * own: it carries the "（AI生成，仅供参考）" label when a model wrote the answer, and the
 * source lines of the markers it holds. The parts are kept in one text, separated by
 * {@link #BREAK}; {@link #pages} and {@link #messages} put parts (and short answers handed
 * out together) into replies, cutting further only what still does not fit.
 */
final class ReplyText {

    /** WeChat's limit for a text reply (passive or customer-service), in UTF-8 bytes. */
    static final int MAX_BYTES = 2048;
    /**
     * Between the parts of a long answer, and between answers handed out together: a form
     * feed, a control character {@link #plain} removes from every text, so no answer holds one.
     */
    static final char BREAK = '\f';
    /**
     * Room kept in each part of a long answer for the line an answer handed out later is
     * headed with ({@code 您问：“…”}, at most 40 characters of the question).
     */
    static final int HEADING_ROOM = 160;
    /** A part of a long answer holds at least this much of its text, however long its source list. */
    private static final int MIN_BODY_BYTES = 512;

    private static final Pattern BLANK_LINES = Pattern.compile("\n{3,}");
    private static final Pattern MARKER = Pattern.compile("\\[(\\d{1,3})]");
    private static final Pattern WECHAT_MARKER = Pattern.compile("【(\\d{1,3})】");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]\\n]+)]\\((https?://[^)\\s]+)\\)");
    private static final Pattern BOLD = Pattern.compile("(\\*\\*|__)(.+?)\\1");
    private static final Pattern CODE = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern HEADING = Pattern.compile("(?m)^[ \\t]*#{1,6}[ \\t]+");
    private static final Pattern BULLET = Pattern.compile("(?m)^[ \\t]*[-*+][ \\t]+");
    private static final Pattern RULE = Pattern.compile("(?m)^[ \\t]*([-*_])\\1{2,}[ \\t]*$\\n?");

    private final WechatTexts texts;

    ReplyText(WechatTexts texts) {
        this.texts = texts;
    }

    /**
     * The answer as plain text with its sources, in parts separated by {@link #BREAK} when it
     * does not fit one reply; a clarify answer as its question, the options numbered and how
     * to pick one.
     */
    String of(Answer answer) {
        if (answer.outcome() == Answer.Outcome.CLARIFY && !answer.options().isEmpty()) {
            return plain(Clarifications.prompt(answer)) + "\n" + plain(Clarifications.numbered(answer.options())) + "\n"
                    + texts.clarifyHint();
        }
        String text = plain(answer.text());
        String label = "";
        String aiLabel = texts.aiLabel();
        if (answer.mode() == Answer.Mode.LLM && text.endsWith(aiLabel)) {
            text = text.substring(0, text.length() - aiLabel.length()).strip();
            label = "\n" + aiLabel;
        }
        Map<Integer, String> sources = new LinkedHashMap<>();
        for (Citation c : answer.citations()) {
            sources.putIfAbsent(c.n(), SafeXml.clean(texts.sourceLine(c)).replace('\n', ' '));
        }
        String whole = text + label + sourceBlock(sourceList(sources, sources.keySet()));
        if (TextSplitter.bytes(whole) <= MAX_BYTES) {
            return whole;
        }
        int limit = MAX_BYTES - TextSplitter.bytes("\n" + texts.moreHint()) - HEADING_ROOM;
        List<String> parts = new ArrayList<>();
        String rest = text;
        while (!rest.isEmpty()) {
            int room = limit - TextSplitter.bytes(label) - TextSplitter.bytes(sourceList(sources, sources.keySet()));
            room = Math.max(room, MIN_BODY_BYTES);
            String chunk;
            while (true) {
                int at = TextSplitter.bytes(rest) <= room ? rest.length() : TextSplitter.cutPoint(rest, room);
                chunk = rest.substring(0, at);
                int over = TextSplitter.bytes(part(chunk, label, sources)) - limit;
                if (over <= 0 || room <= MIN_BODY_BYTES) {
                    break;
                }
                room = Math.max(MIN_BODY_BYTES, room - over);
            }
            parts.add(part(chunk, label, sources));
            rest = rest.substring(chunk.length()).strip();
        }
        return String.join(String.valueOf(BREAK), parts);
    }

    /** A piece of an answer's text with the label and the source lines of the markers it holds. */
    private String part(String text, String label, Map<Integer, String> sources) {
        Set<Integer> cited = new LinkedHashSet<>();
        Matcher m = WECHAT_MARKER.matcher(text);
        while (m.find()) {
            cited.add(Integer.parseInt(m.group(1)));
        }
        return text.strip() + label + sourceBlock(sourceList(sources, cited));
    }

    private String sourceBlock(String list) {
        return list.isEmpty() ? "" : "\n\n" + texts.sources() + list;
    }

    /** "\n【1】【2】标题（日期）" per article cited by one of {@code cited}, in the order of the citations. */
    private static String sourceList(Map<Integer, String> sources, Set<Integer> cited) {
        Map<String, StringBuilder> markersBySource = new LinkedHashMap<>();
        sources.forEach((n, source) -> {
            if (cited.contains(n)) {
                markersBySource.computeIfAbsent(source, k -> new StringBuilder()).append('【').append(n).append('】');
            }
        });
        StringBuilder sb = new StringBuilder();
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
    List<String> pages(String text) {
        return pack(text, "\n" + texts.moreHint());
    }

    /** Messages to send one after the other (customer-service API), with no hint. */
    static List<String> messages(String text) {
        return pack(text, "");
    }

    /**
     * The parts of the text put into replies in order: consecutive parts share a reply when
     * they fit it together; a part too long for one reply (text made before parts existed)
     * is cut at sentences.
     */
    private static List<String> pack(String text, String suffix) {
        int room = MAX_BYTES - TextSplitter.bytes(suffix);
        List<String> replies = new ArrayList<>();
        String current = "";
        for (String raw : text.split(String.valueOf(BREAK))) {
            String unit = raw.strip();
            if (unit.isEmpty()) {
                continue;
            }
            String joined = current.isEmpty() ? unit : current + "\n\n" + unit;
            if (TextSplitter.bytes(joined) <= room) {
                current = joined;
                continue;
            }
            if (!current.isEmpty()) {
                replies.add(current);
            }
            current = unit;
            while (TextSplitter.bytes(current) > room) {
                int at = TextSplitter.cutPoint(current, room);
                replies.add(current.substring(0, at).stripTrailing());
                current = current.substring(at).strip();
            }
        }
        if (!current.isEmpty() || replies.isEmpty()) {
            replies.add(current);
        }
        List<String> out = new ArrayList<>(replies.size());
        for (int i = 0; i < replies.size(); i++) {
            out.add(i < replies.size() - 1 ? replies.get(i) + suffix : replies.get(i));
        }
        return out;
    }
}
