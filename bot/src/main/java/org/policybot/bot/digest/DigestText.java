package org.policybot.bot.digest;

import java.util.ArrayList;
import java.util.List;

/**
 * Digest text for each platform: Telegram HTML and WeCom markdown. Under each summary come
 * its sources: a reference line for the citations the summary quotes verbatim, and the
 * quoted sentences of the others ({@link QuoteLines}), so no sentence is shown twice.
 */
final class DigestText {

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

    static String meta(Digest.Entry e) {
        List<String> parts = new ArrayList<>();
        if (!e.source().isEmpty()) {
            parts.add(e.source());
        }
        parts.add(e.date() == null ? "日期不详" : e.date());
        parts.add(e.change() == Digest.Change.NEW ? "新文章" : "有更新");
        return String.join("，", parts);
    }

    static String telegramHtml(Digest d) {
        StringBuilder sb = new StringBuilder();
        sb.append("<b>政策文章摘要</b> ").append(d.day()).append('\n')
                .append("共 ").append(d.entries().size()).append(" 篇新增或更新的文章\n");
        int i = 0;
        for (Digest.Entry e : d.entries()) {
            sb.append("\n<b>").append(++i).append(". ").append(html(e.title())).append("</b>\n")
                    .append("<i>").append(html(meta(e))).append("</i>\n");
            if (!e.changeNote().isEmpty()) {
                sb.append(html(e.changeNote())).append('\n');
            }
            for (String p : points(e)) {
                sb.append(html(p)).append('\n');
            }
            String references = references(e);
            if (!references.isEmpty()) {
                sb.append("<i>").append(html(references)).append("</i>\n");
            }
            for (Digest.Quote q : e.quotes()) {
                if (!q.referenceOnly()) {
                    sb.append("<blockquote>").append(html(quoteLine(q))).append("</blockquote>\n");
                }
            }
        }
        return sb.toString().strip();
    }

    static String wecomMarkdown(Digest d) {
        StringBuilder sb = new StringBuilder();
        sb.append("**政策文章摘要** ").append(d.day()).append('\n')
                .append("共 ").append(d.entries().size()).append(" 篇新增或更新的文章\n");
        int i = 0;
        for (Digest.Entry e : d.entries()) {
            sb.append("\n**").append(++i).append(". ").append(markdown(e.title())).append("**\n")
                    .append("<font color=\"comment\">").append(markdown(meta(e))).append("</font>\n");
            if (!e.changeNote().isEmpty()) {
                sb.append(markdown(e.changeNote())).append('\n');
            }
            for (String p : points(e)) {
                sb.append(markdown(p)).append('\n');
            }
            String references = references(e);
            if (!references.isEmpty()) {
                sb.append("<font color=\"comment\">").append(markdown(references)).append("</font>\n");
            }
            for (Digest.Quote q : e.quotes()) {
                if (!q.referenceOnly()) {
                    sb.append("> ").append(markdown(quoteLine(q))).append('\n');
                }
            }
        }
        return sb.toString().strip();
    }

    /**
     * One line for the citations whose sentences the summary already shows verbatim:
     * "原文出处：[1] 第3段；[2] 第5段"; empty when there are none.
     */
    static String references(Digest.Entry e) {
        List<String> refs = new ArrayList<>();
        for (Digest.Quote q : e.quotes()) {
            if (q.referenceOnly()) {
                refs.add("[" + q.n() + "] " + q.where());
            }
        }
        return refs.isEmpty() ? "" : "原文出处：" + String.join("；", refs);
    }

    /** "[2] 第4段：…" — the sentences of a citation the summary does not show. */
    static String quoteLine(Digest.Quote q) {
        return "[" + q.n() + "] " + q.where() + "：" + q.text();
    }

    static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** WeCom markdown has no escaping; keep markup characters of article text from being read as markup. */
    static String markdown(String s) {
        return s.replace("<", "＜").replace(">", "＞").replace("*", "＊").replace("`", "｀");
    }
}
