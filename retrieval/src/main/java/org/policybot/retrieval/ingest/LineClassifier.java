package org.policybot.retrieval.ingest;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises the non-content lines of newspaper and newsletter pages by their shape:
 * page headers, tables of contents, bylines, photo credits, datelines, source lines,
 * footnotes. Everything else is {@link Unit.Kind#TEXT}.
 */
final class LineClassifier {

    private static final Pattern MD_HEADING = Pattern.compile("^(#{1,6})\\s+(.+)$");
    private static final Pattern PAGE_HEADER = Pattern.compile("^[A-Z]\\d{1,3}\\s*[|｜].*");
    private static final Pattern TOC_HEADER = Pattern.compile("^[【\\[]?\\s*(本期目录|目\\s*录)\\s*[】\\]]?$");
    private static final Pattern LIST_ITEM = Pattern.compile("^[-*•]\\s+.*|^★.*");
    private static final Pattern BYLINE_PREFIX = Pattern.compile(
            "^(■|●)\\s*.{1,40}$|^(新华社|中新社|本报|人民日报|光明日报|经济日报)?(特约|首席)?记者(\\s+.{1,30})?$");
    private static final Pattern PHOTO_CREDIT = Pattern.compile("^.{0,30}摄\\s*[）)]?$|^[（(][^（()）]{1,20}(提供|供图|摄)[）)]$");
    /** "（新华社北京12月2日电）", "新华社北京4月1日电" as a whole line. */
    static final Pattern DATELINE = Pattern.compile(
            "^[（(]?\\s*(新华社|中新社|本报|人民日报|央视新闻)\\s*([^\\s（()）\\d]{0,12}?)\\s*(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*日\\s*电\\s*[）)]?$");
    /** "新华社杭州2月15日电(记者 岳德亮)…" at the start of a paragraph. */
    static final Pattern INLINE_DATELINE = Pattern.compile(
            "^(新华社|中新社|本报)\\s*([^\\s（()）\\d，,。]{0,12}?)\\s*(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*日\\s*电");
    static final Pattern SOURCE = Pattern.compile("^[（(]\\s*(来源|转自|原载|稿件来源|摘自)\\s*[:：]?\\s*(.+?)\\s*[）)]$", Pattern.DOTALL);
    /** See {@link Unit.Kind#PUBLICATION}: names (no sentence punctuation), then a date that ends the line. */
    static final Pattern PUBLICATION = Pattern.compile("^(?:(?:发布|发文|印发)?(?:单位|机关|部门)[:：]\\s*)?"
            + "(?<issuer>[^\\s。，,；;！？!?:：]{2,30}(?:[ \u3000]+[^\\s。，,；;！？!?:：]{2,30}){0,3})?[ \u3000]*"
            + "(?:(?:发布|印发|成文)?(?:日期|时间)[:：][ \u3000]*)?"
            + "(?<date>(?:19|20)\\d{2}\\s*年\\s*\\d{1,2}\\s*月(?:\\s*\\d{1,2}\\s*日)?|(?:19|20)\\d{2}[-/.]\\d{1,2}[-/.]\\d{1,2})$");
    private static final Pattern NOTES_HEADER = Pattern.compile("^[【\\[]\\s*(注释|注|参考文献)\\s*[】\\]]$|^(注释|参考文献)[:：]?$");
    private static final Pattern FOOTNOTE = Pattern.compile("^[①-⑳]+.*");
    private static final Pattern KEYWORDS = Pattern.compile("^[【\\[]\\s*关键词\\s*[】\\]].*");

    private LineClassifier() {
    }

    static Unit classify(int line, String raw) {
        String text = raw.strip();
        Matcher md = MD_HEADING.matcher(text);
        if (md.matches()) {
            String heading = md.group(2).strip();
            Unit u = new Unit(line, heading, PAGE_HEADER.matcher(heading).matches() ? Unit.Kind.PAGE_HEADER : Unit.Kind.MD_HEADING);
            u.level = md.group(1).length();
            return u;
        }
        return new Unit(line, text, kindOf(text));
    }

    /** Kind of a plain (non-Markdown) line; also used again after broken lines are joined. */
    static Unit.Kind kindOf(String text) {
        if (PAGE_HEADER.matcher(text).matches()) {
            return Unit.Kind.PAGE_HEADER;
        }
        if (TOC_HEADER.matcher(text).matches()) {
            return Unit.Kind.TOC;
        }
        if (DATELINE.matcher(text).matches()) {
            return Unit.Kind.DATELINE;
        }
        if (SOURCE.matcher(text).matches()) {
            return Unit.Kind.SOURCE;
        }
        if (PUBLICATION.matcher(text).matches()) {
            return Unit.Kind.PUBLICATION;
        }
        if (NOTES_HEADER.matcher(text).matches()) {
            return Unit.Kind.NOTES;
        }
        if (KEYWORDS.matcher(text).matches()) {
            return Unit.Kind.KEYWORDS;
        }
        if (PHOTO_CREDIT.matcher(text).matches() && !text.contains("。")) {
            return Unit.Kind.CREDIT;
        }
        if (BYLINE_PREFIX.matcher(text).matches() && !text.contains("。") && !text.contains("，")) {
            return Unit.Kind.BYLINE;
        }
        return Unit.Kind.TEXT;
    }

    static boolean isListItem(String text) {
        return LIST_ITEM.matcher(text).matches();
    }

    static boolean isFootnote(String text) {
        return FOOTNOTE.matcher(text).matches();
    }
}
