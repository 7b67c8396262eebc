package org.policybot.retrieval.ingest;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One article as a reader sees it, after the layout of its file has been repaired.
 * A file may hold several articles; each keeps the line of the file where it starts.
 *
 * @param id       stable id: file stem (the whole file name when another file of the folder
 *                 has the same stem and keeps it) plus the article's position in the file
 * @param file     the file name inside the articles folder
 * @param date     publication date from a dateline, source line or newsletter masthead
 * @param source   the publisher when the text names one (新华社, 人民网, 科技日报 …)
 * @param sections the body in order; the first section may have an empty heading
 * @param info     what a document's properties or its sidecar file say beyond the fields above
 *                 (issuer, number, region, url), and its {@link Validity} (effective, expires,
 *                 supersedes, superseded_by: from the sidecar or the text's own phrases);
 *                 empty when nothing of the kind is known
 */
public record Article(
        String id,
        String file,
        int line,
        String title,
        String subtitle,
        String byline,
        Optional<LocalDate> date,
        String source,
        List<Section> sections,
        Map<String, String> info) {

    /** Fields {@link #info} may hold besides {@link Validity#KEYS}. */
    public static final List<String> INFO_KEYS = List.of("issuer", "number", "region", "url");
    /** The {@link #info} key ({@code "true"}) of an article whose text OCR read from scanned pages: it may hold misread characters. */
    public static final String OCR = "ocr";
    /** The section that holds the text OCR read from a picture inside a document (a Word file): its quotes may hold misread characters. */
    public static final String PICTURE_SECTION = "图片中的文字";

    public Article(String id, String file, int line, String title, String subtitle, String byline,
                   Optional<LocalDate> date, String source, List<Section> sections) {
        this(id, file, line, title, subtitle, byline, date, source, sections, Map.of());
    }

    public Article {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(file, "file");
        title = title == null ? "" : title;
        subtitle = subtitle == null ? "" : subtitle;
        byline = byline == null ? "" : byline;
        source = source == null ? "" : source;
        date = date == null ? Optional.empty() : date;
        sections = List.copyOf(sections);
        info = info == null ? Map.of() : Map.copyOf(info);
    }

    /** The same article with another title, date, source and info (from document properties or a sidecar). */
    public Article withMetadata(String title, Optional<LocalDate> date, String source, Map<String, String> info) {
        return new Article(id, file, line, title, subtitle, byline, date, source, sections, info);
    }

    /** Whether the text was read from scanned pages by OCR (see {@link #OCR}). */
    public boolean fromOcr() {
        return "true".equals(info.get(OCR));
    }

    /** The same article marked as read by OCR. */
    public Article withOcr() {
        Map<String, String> marked = new java.util.HashMap<>(info);
        marked.put(OCR, "true");
        return new Article(id, file, line, title, subtitle, byline, date, source, sections, marked);
    }

    /** When the article's document is in force, as far as is known ({@link Validity#NONE} when nothing is). */
    public Validity validity() {
        return Validity.of(info);
    }

    /** The same article with another validity (the other fields of {@link #info} kept). */
    public Article withValidity(Validity validity) {
        return new Article(id, file, line, title, subtitle, byline, date, source, sections, validity.into(info));
    }

    /** A heading (possibly empty) and the paragraphs under it. */
    public record Section(String heading, List<Paragraph> paragraphs) {
        public Section {
            heading = heading == null ? "" : heading;
            paragraphs = List.copyOf(paragraphs);
        }
    }

    /** Paragraph text with the original characters, and the file line where it starts. */
    public record Paragraph(String text, int line) {
        public Paragraph {
            Objects.requireNonNull(text, "text");
        }
    }

    /** The whole body as plain text, paragraphs separated by new lines. */
    public String bodyText() {
        StringBuilder sb = new StringBuilder();
        for (Section s : sections) {
            for (Paragraph p : s.paragraphs()) {
                if (!sb.isEmpty()) {
                    sb.append('\n');
                }
                sb.append(p.text());
            }
        }
        return sb.toString();
    }

    public int paragraphCount() {
        return sections.stream().mapToInt(s -> s.paragraphs().size()).sum();
    }
}
