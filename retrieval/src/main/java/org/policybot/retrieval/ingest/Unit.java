package org.policybot.retrieval.ingest;

/**
 * One line of an article file as the reader sees it: where it is, its text, what kind of
 * line it is, and (after repairs) which interleaved stream of text it belongs to.
 * Mutable on purpose: the reader's passes refine it in place.
 */
final class Unit {

    enum Kind {
        /** Markdown heading ("#", "##" …); level in {@link #level}. */
        MD_HEADING,
        /** Newspaper page header such as "# A03 | 焦作人社". */
        PAGE_HEADER,
        /** "【本期目录】" and the list that follows it. */
        TOC,
        /** Author line: "新华社记者 …", "■ …", "本报记者 …". */
        BYLINE,
        /** Photo credit "新华社记者 陈铎 摄", "新华社发（…摄）", or a "（…提供）" credit. */
        CREDIT,
        /** Closing dateline such as "（新华社北京12月2日电）". Ends an article. */
        DATELINE,
        /** Source line "（转自人民网）", "（来源：科技日报 2025年12月8日第01版）". Ends an article. */
        SOURCE,
        /** "【注释】" and the footnotes under it. */
        NOTES,
        /** "【关键词】…": metadata, not content. */
        KEYWORDS,
        /**
         * A short line ending in a date, with at most the issuer or paper before it:
         * "安澜日报　2026年3月13日", "发布单位：某局　发布日期：2026年2月20日", "2026年5月20日".
         * Metadata under a title; the signing date at the end of a notice; else prose.
         */
        PUBLICATION,
        /** Any other line: prose or a plain-text heading. */
        TEXT
    }

    final int line;
    String text;
    Kind kind;
    int level;
    /** Index of the stream (interleaved article) this unit belongs to. */
    int stream;
    /** Set when another unit's text was appended to this one. */
    boolean absorbed;
    /** Set on a unit whose text now lives in an earlier unit. */
    boolean consumed;
    /** A document's paragraph or table row: never taken for a heading (documents mark their headings). */
    boolean paragraph;
    /** A table row, or a PDF line that starts a numbered heading ("一、…"): never joined to another line. */
    boolean whole;

    Unit(int line, String text, Kind kind) {
        this.line = line;
        this.text = text;
        this.kind = kind;
    }

    boolean isText() {
        return kind == Kind.TEXT && !consumed;
    }

    @Override
    public String toString() {
        return line + ":" + kind + (kind == Kind.MD_HEADING ? level : "") + ":s" + stream + ":" + text;
    }
}
