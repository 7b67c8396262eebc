package org.policybot.retrieval.ingest;

import java.util.ArrayList;
import java.util.List;
import org.policybot.retrieval.text.ChineseText;

/**
 * Cuts articles into passages sized for retrieval: a paragraph is the natural unit; short
 * paragraphs of one section are merged, long ones are split at sentence ends (。！？；).
 * Passages never cross a section boundary.
 */
public final class Chunker {

    /** Passages grow by merging short paragraphs up to this many characters. */
    private final int target;
    /** Paragraphs longer than this are split at sentence ends. */
    private final int max;

    public Chunker() {
        this(160, 300);
    }

    public Chunker(int target, int max) {
        if (target < 20 || max < target) {
            throw new IllegalArgumentException("need 20 <= target <= max, got " + target + ", " + max);
        }
        this.target = target;
        this.max = max;
    }

    public List<Passage> chunk(Article article) {
        List<Passage> out = new ArrayList<>();
        for (Article.Section section : article.sections()) {
            List<Piece> pieces = new ArrayList<>();
            for (Article.Paragraph p : section.paragraphs()) {
                pieces.addAll(split(p));
            }
            List<List<Piece>> groups = merge(pieces);
            boolean first = true;
            for (List<Piece> group : groups) {
                StringBuilder text = new StringBuilder();
                if (first && !section.heading().isEmpty()) {
                    text.append(section.heading()).append('\n');
                }
                for (int i = 0; i < group.size(); i++) {
                    if (i > 0) {
                        text.append(group.get(i).startsParagraph ? "\n" : "");
                    }
                    text.append(group.get(i).text);
                }
                first = false;
                int position = out.size();
                out.add(new Passage(article.id() + "-p" + (position + 1), article.id(), article.title(), article.date(),
                        article.file(), section.heading(), text.toString(), position, group.get(0).line));
            }
        }
        return out;
    }

    public List<Passage> chunkAll(List<Article> articles) {
        // On every core, in the articles' order: at 10,000 documents this is part of every rebuild.
        return articles.parallelStream().flatMap(a -> chunk(a).stream())
                .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
    }

    private record Piece(String text, int line, boolean startsParagraph) {
        int length() {
            return ChineseText.visibleLength(text);
        }
    }

    private List<Piece> split(Article.Paragraph p) {
        if (ChineseText.visibleLength(p.text()) <= max) {
            return List.of(new Piece(p.text(), p.line(), true));
        }
        List<String> sentences = ChineseText.sentences(p.text());
        List<Piece> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int remaining = ChineseText.visibleLength(p.text());
        for (String s : sentences) {
            int len = ChineseText.visibleLength(s);
            int have = ChineseText.visibleLength(current.toString());
            // Close the window at the target size, unless what is left would be a tiny tail.
            if (have > 0 && have + len > target && remaining > target / 3) {
                out.add(new Piece(current.toString(), p.line(), out.isEmpty()));
                current.setLength(0);
            }
            current.append(s);
            remaining -= len;
        }
        if (!current.isEmpty()) {
            out.add(new Piece(current.toString(), p.line(), out.isEmpty()));
        }
        return out;
    }

    private List<List<Piece>> merge(List<Piece> pieces) {
        List<List<Piece>> groups = new ArrayList<>();
        List<Piece> current = new ArrayList<>();
        int length = 0;
        for (Piece piece : pieces) {
            boolean fits = length + piece.length() <= max;
            if (!current.isEmpty() && (length >= target || !fits || !piece.startsParagraph)) {
                groups.add(current);
                current = new ArrayList<>();
                length = 0;
            }
            current.add(piece);
            length += piece.length();
        }
        if (!current.isEmpty()) {
            groups.add(current);
        }
        return groups;
    }
}
