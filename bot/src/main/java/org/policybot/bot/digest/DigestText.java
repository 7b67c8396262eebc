package org.policybot.bot.digest;

import java.util.ArrayList;
import java.util.List;
import org.policybot.bot.channel.Html;
import org.policybot.bot.channel.TextSplitter;

/**
 * Digest text for each platform: Telegram HTML and WeCom markdown. Under each summary come
 * its sources: a reference line for the citations the summary quotes verbatim, and the
 * quoted sentences of the others ({@link QuoteLines}), so no sentence is shown twice. A
 * long digest becomes several messages, cut between articles, so each message can be
 * recorded as delivered on its own.
 */
public final class DigestText {

    private DigestText() {
    }

    /** The summary points of an entry: the summary text without its title line. */
    static List<String> points(Digest.Entry e) {
        List<String> out = new ArrayList<>();
        for (String line : e.summary().split("\n")) {
            if (!line.isBlank() && !line.startsWith("《")) {
                out.add(line.strip());
            }
        }
        return out;
    }

    static String meta(Digest.Entry e, DigestWording w) {
        List<String> parts = new ArrayList<>();
        if (!e.source().isEmpty()) {
            parts.add(e.source());
        }
        parts.add(e.date() == null ? w.noDate() : e.date());
        parts.add(w.change(e.change()));
        return String.join("，", parts);
    }

    /** Telegram HTML, counted in characters as Telegram's 4,096 limit is, in the bundled wording. */
    public static List<DigestMessage> telegram(Digest d, int limit) {
        return telegram(d, limit, DigestWording.BUNDLED);
    }

    /** Telegram HTML in the deployment's wording. */
    public static List<DigestMessage> telegram(Digest d, int limit, DigestWording w) {
        return pack(d, limit, TELEGRAM, w);
    }

    /** WeCom markdown, counted in UTF-8 bytes as the robot's 4,096-byte limit is, in the bundled wording. */
    public static List<DigestMessage> wecom(Digest d, int limit) {
        return wecom(d, limit, DigestWording.BUNDLED);
    }

    /** WeCom markdown in the deployment's wording. */
    public static List<DigestMessage> wecom(Digest d, int limit, DigestWording w) {
        return pack(d, limit, WECOM, w);
    }

    /** How one platform writes a digest's heading and entries, and measures a message. */
    private interface Style {
        String heading(Digest d, int part, int parts, DigestWording w);

        String entry(Digest.Entry e, int number, DigestWording w);

        int size(String text);
    }

    /**
     * The digest in messages of at most {@code limit}, cut only between articles: each message
     * holds whole articles (numbered on across messages) under the heading, marked "（2/3）"
     * when there are several. An article longer than the limit alone is one message, which the
     * platform sender cuts further.
     */
    private static List<DigestMessage> pack(Digest d, int limit, Style style, DigestWording w) {
        // The first message's heading also counts the articles: reserve room for the longer one.
        int headingSize = Math.max(style.size(style.heading(d, 1, 99, w)), style.size(style.heading(d, 99, 99, w)));
        List<List<Integer>> groups = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        int size = headingSize;
        for (int i = 0; i < d.entries().size(); i++) {
            int entrySize = style.size("\n\n" + style.entry(d.entries().get(i), i + 1, w));
            if (!current.isEmpty() && size + entrySize > limit) {
                groups.add(current);
                current = new ArrayList<>();
                size = headingSize;
            }
            current.add(i);
            size += entrySize;
        }
        if (!current.isEmpty()) {
            groups.add(current);
        }
        List<DigestMessage> out = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            StringBuilder sb = new StringBuilder(style.heading(d, g + 1, groups.size(), w));
            List<Digest.Entry> entries = new ArrayList<>();
            for (int i : groups.get(g)) {
                sb.append("\n\n").append(style.entry(d.entries().get(i), i + 1, w));
                entries.add(d.entries().get(i));
            }
            out.add(new DigestMessage(sb.toString().strip(), entries));
        }
        return out;
    }

    private static final Style TELEGRAM = new Style() {
        @Override
        public String heading(Digest d, int part, int parts, DigestWording w) {
            String head = "<b>" + Html.escape(w.heading()) + "</b> " + d.day() + w.part(part, parts);
            return part == 1 ? head + "\n" + w.count(d.entries().size()) : head;
        }

        @Override
        public String entry(Digest.Entry e, int number, DigestWording w) {
            StringBuilder sb = new StringBuilder();
            sb.append("<b>").append(number).append(". ").append(Html.escape(e.title())).append("</b>\n")
                    .append("<i>").append(Html.escape(meta(e, w))).append("</i>\n");
            if (!e.changeNote().isEmpty()) {
                sb.append(Html.escape(e.changeNote())).append('\n');
            }
            for (String p : points(e)) {
                sb.append(Html.escape(p)).append('\n');
            }
            String references = references(e, w);
            if (!references.isEmpty()) {
                sb.append("<i>").append(Html.escape(references)).append("</i>\n");
            }
            for (Digest.Quote q : e.quotes()) {
                if (!q.referenceOnly()) {
                    sb.append("<blockquote>").append(Html.escape(quoteLine(q, w))).append("</blockquote>\n");
                }
            }
            return sb.toString().strip();
        }

        @Override
        public int size(String text) {
            return text.length();
        }
    };

    private static final Style WECOM = new Style() {
        @Override
        public String heading(Digest d, int part, int parts, DigestWording w) {
            String head = "**" + markdown(w.heading()) + "** " + d.day() + w.part(part, parts);
            return part == 1 ? head + "\n" + w.count(d.entries().size()) : head;
        }

        @Override
        public String entry(Digest.Entry e, int number, DigestWording w) {
            StringBuilder sb = new StringBuilder();
            sb.append("**").append(number).append(". ").append(markdown(e.title())).append("**\n")
                    .append("<font color=\"comment\">").append(markdown(meta(e, w))).append("</font>\n");
            if (!e.changeNote().isEmpty()) {
                sb.append(markdown(e.changeNote())).append('\n');
            }
            for (String p : points(e)) {
                sb.append(markdown(p)).append('\n');
            }
            String references = references(e, w);
            if (!references.isEmpty()) {
                sb.append("<font color=\"comment\">").append(markdown(references)).append("</font>\n");
            }
            for (Digest.Quote q : e.quotes()) {
                if (!q.referenceOnly()) {
                    sb.append("> ").append(markdown(quoteLine(q, w))).append('\n');
                }
            }
            return sb.toString().strip();
        }

        @Override
        public int size(String text) {
            return TextSplitter.bytes(text);
        }
    };

    /**
     * One line for the citations whose sentences the summary already shows verbatim:
     * "原文出处：[1] 第3段；[2] 第5段"; empty when there are none.
     */
    static String references(Digest.Entry e, DigestWording w) {
        List<String> refs = new ArrayList<>();
        for (Digest.Quote q : e.quotes()) {
            if (q.referenceOnly()) {
                refs.add("[" + q.n() + "] " + w.where(q));
            }
        }
        return refs.isEmpty() ? "" : w.sources() + String.join("；", refs);
    }

    /** "[2] 第4段：…" — the sentences of a citation the summary does not show. */
    static String quoteLine(Digest.Quote q, DigestWording w) {
        return "[" + q.n() + "] " + w.where(q) + "：" + q.text();
    }

    /** WeCom markdown has no escaping; keep markup characters of article text from being read as markup. */
    static String markdown(String s) {
        return s.replace("<", "＜").replace(">", "＞").replace("*", "＊").replace("`", "｀");
    }
}
