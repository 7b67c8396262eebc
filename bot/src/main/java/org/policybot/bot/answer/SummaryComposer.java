package org.policybot.bot.answer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.policybot.retrieval.ingest.Article;
import org.policybot.retrieval.ingest.Passage;
import org.policybot.retrieval.search.CorpusView;
import org.policybot.retrieval.search.Hit;
import org.policybot.retrieval.search.QueryTerm;
import org.policybot.retrieval.search.SentenceScorer;
import org.policybot.retrieval.search.UnderstoodQuery;
import org.policybot.retrieval.text.ChineseText;
import org.policybot.retrieval.text.Segmenter;

/**
 * Extractive summary of one article: its main points in order. An article with headings
 * gives one point per section (the heading and the section's most central sentence); one
 * without gives its most central sentences (TextRank over word overlap) in reading order.
 * When the question asks about one aspect ("哪些问题", "什么办法"), sentences on that aspect
 * are preferred. Three to six sentences, each cited.
 */
public final class SummaryComposer {

    static final int MAX_POINTS = 6;
    static final int MIN_POINTS = 3;

    Composition compose(UnderstoodQuery q, List<Hit> hits, CorpusView corpus, SourceTexts sources) {
        if (hits.isEmpty()) {
            return Composition.decline("nothing found", 0);
        }
        Article article = corpus.article(hits.get(0).passage().articleId()).orElse(null);
        if (article == null) {
            return Composition.decline("article not found", 0);
        }
        return summarize(article, corpus.passagesOf(article.id()), q, corpus, sources);
    }

    Composition summarize(Article article, List<Passage> passages, UnderstoodQuery q, CorpusView corpus, SourceTexts sources) {
        List<Sent> sentences = sentences(passages, sources);
        if (sentences.isEmpty()) {
            return Composition.decline("no quotable sentence in the article", 0);
        }
        double[] centrality = centrality(sentences);
        List<QueryTerm> aspects = q == null ? List.of() : q.aspectTerms();
        SentenceScorer aspectScorer = aspects.isEmpty() ? null : new SentenceScorer(new UnderstoodQuery(q.question(), List.of(),
                q.normalized(), aspects, q.intent(), UnderstoodQuery.AnswerType.OTHER, List.of(), q.english()), corpus.vocabulary());
        for (int i = 0; i < sentences.size(); i++) {
            Sent s = sentences.get(i);
            s.weight = centrality[i] + (aspectScorer == null ? 0 : aspectScorer.coverage(s.text) * 2.0);
        }
        List<Sent> chosen = new ArrayList<>();
        Map<String, List<Sent>> bySection = new java.util.LinkedHashMap<>();
        for (Sent s : sentences) {
            bySection.computeIfAbsent(s.passage.section(), k -> new ArrayList<>()).add(s);
        }
        if (bySection.size() == 1 && bySection.containsKey("")) {
            return finish(article, byParagraphGroups(sentences), sentences);
        }
        List<Sent> lead = bySection.getOrDefault("", List.of());
        if (!lead.isEmpty()) {
            chosen.add(best(lead.subList(0, Math.min(lead.size(), 4))));
        }
        List<Sent> sectionPicks = new ArrayList<>();
        for (Map.Entry<String, List<Sent>> e : bySection.entrySet()) {
            if (!e.getKey().isEmpty()) {
                Sent pick = best(e.getValue());
                pick.label = e.getKey();
                sectionPicks.add(pick);
            }
        }
        int room = MAX_POINTS - chosen.size();
        if (sectionPicks.size() > room) {
            List<Sent> ranked = new ArrayList<>(sectionPicks);
            ranked.sort((a, b) -> Double.compare(b.weight, a.weight));
            Set<Sent> keep = new HashSet<>(ranked.subList(0, room));
            sectionPicks.removeIf(s -> !keep.contains(s));
        }
        chosen.addAll(sectionPicks);
        return finish(article, chosen, sentences);
    }

    /**
     * An article without headings: its paragraphs split in order into up to five groups, and
     * from each the sentence that best states a point (central, and preferably a paragraph's
     * topic sentence: its first, short sentence, as in "首先，“四唯”问题尚未根本破除。").
     */
    private static List<Sent> byParagraphGroups(List<Sent> sentences) {
        List<Integer> paragraphs = sentences.stream().map(x -> x.paragraph).distinct().toList();
        int groups = Math.min(MAX_POINTS - 1, Math.max(MIN_POINTS, paragraphs.size() / 2));
        List<Sent> chosen = new ArrayList<>();
        for (int g = 0; g < groups && g < paragraphs.size(); g++) {
            int from = g * paragraphs.size() / groups;
            int to = (g + 1) * paragraphs.size() / groups;
            java.util.Set<Integer> group = new HashSet<>(paragraphs.subList(from, Math.max(from + 1, to)));
            Sent best = null;
            double bestWeight = 0;
            for (Sent x : sentences) {
                if (!group.contains(x.paragraph)) {
                    continue;
                }
                double w = x.weight + (x.firstInParagraph ? 0.4 : 0) + (ChineseText.visibleLength(x.text) <= 40 ? 0.2 : 0);
                if (best == null || w > bestWeight) {
                    bestWeight = w;
                    best = x;
                }
            }
            if (best != null && !chosen.contains(best)) {
                chosen.add(best);
            }
        }
        return chosen;
    }

    private Composition finish(Article article, List<Sent> picked, List<Sent> sentences) {
        List<Sent> chosen = new ArrayList<>(picked);
        if (chosen.size() < MIN_POINTS) {
            List<Sent> ranked = new ArrayList<>(sentences);
            ranked.sort((a, b) -> Double.compare(b.weight, a.weight));
            for (Sent s : ranked) {
                if (chosen.size() >= Math.min(MIN_POINTS + 1, sentences.size())) {
                    break;
                }
                if (!chosen.contains(s)) {
                    chosen.add(s);
                }
            }
        }
        chosen.sort((a, b) -> Integer.compare(a.order, b.order));
        List<Composition.Piece> pieces = chosen.stream().map(s -> new Composition.Piece(s.label, s.text, s.passage, s.order, s.text)).toList();
        String prefix = "《" + article.title() + "》" + (article.source().isEmpty() && article.date().isEmpty() ? "" : "（"
                + String.join("，", nonEmpty(article.source(), article.date().map(Object::toString).orElse(""))) + "）")
                + "主要内容：";
        return new Composition(prefix, pieces, false, null, 1.0);
    }

    private static List<String> nonEmpty(String... values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            if (!v.isEmpty()) {
                out.add(v);
            }
        }
        return out;
    }

    private static final class Sent {
        final String text;
        final Passage passage;
        final int order;
        final Set<String> words;
        final int paragraph;
        final boolean firstInParagraph;
        double weight;
        String label = "";

        Sent(String text, Passage passage, int order, Set<String> words, int paragraph, boolean firstInParagraph) {
            this.text = text;
            this.passage = passage;
            this.order = order;
            this.words = words;
            this.paragraph = paragraph;
            this.firstInParagraph = firstInParagraph;
        }
    }

    private static Sent best(List<Sent> list) {
        Sent best = list.get(0);
        for (Sent s : list) {
            if (s.weight > best.weight) {
                best = s;
            }
        }
        return best;
    }

    private static List<Sent> sentences(List<Passage> passages, SourceTexts sources) {
        List<Sent> out = new ArrayList<>();
        int previousLine = -1;
        // Reading position of every sentence, skipped ones and line breaks included, so only
        // sentences that follow each other in the article look adjacent (and share a quote).
        int position = 0;
        for (Passage p : passages) {
            String[] lines = p.body().split("\n");
            // A passage cut from the middle of a long paragraph starts on the same file line as the one before.
            boolean continues = p.line() == previousLine;
            previousLine = p.line();
            for (int l = 0; l < lines.length; l++) {
                String line = lines[l];
                boolean first = !(l == 0 && continues);
                position++;
                for (String raw : ChineseText.sentences(line)) {
                    position++;
                    String s = raw.strip();
                    int len = ChineseText.visibleLength(s);
                    if (len < 8 || len > 220 || !sources.verbatim(p.file(), s) || s.startsWith("——")) {
                        continue;
                    }
                    Set<String> words = new HashSet<>();
                    for (var t : Segmenter.segment(ChineseText.fold(s))) {
                        String w = t.word.strip();
                        if (w.length() >= 2) {
                            words.add(w);
                        }
                    }
                    out.add(new Sent(s, p, position, words, p.position() * 1000 + l, first));
                    first = false;
                }
            }
        }
        return out;
    }

    /** Sentences ranked together at most: the graph is dense, n² weights. */
    private static final int TEXTRANK_BLOCK = 500;

    /**
     * TextRank centrality of every sentence. A long document (a report of thousands of
     * sentences) is ranked in consecutive blocks, which keeps memory bounded and still finds
     * each part's central sentences.
     */
    private static double[] centrality(List<Sent> sentences) {
        double[] out = new double[sentences.size()];
        for (int from = 0; from < sentences.size(); from += TEXTRANK_BLOCK) {
            int to = Math.min(sentences.size(), from + TEXTRANK_BLOCK);
            System.arraycopy(textRank(sentences.subList(from, to)), 0, out, from, to - from);
        }
        return out;
    }

    /** TextRank over sentences, with normalised word overlap as edge weights. */
    private static double[] textRank(List<Sent> sentences) {
        int n = sentences.size();
        double[][] w = new double[n][n];
        double[] outSum = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                Set<String> a = sentences.get(i).words;
                Set<String> b = sentences.get(j).words;
                if (a.isEmpty() || b.isEmpty()) {
                    continue;
                }
                int common = 0;
                for (String x : a) {
                    if (b.contains(x)) {
                        common++;
                    }
                }
                double sim = common / (Math.log(a.size() + 1) + Math.log(b.size() + 1));
                w[i][j] = sim;
                w[j][i] = sim;
                outSum[i] += sim;
                outSum[j] += sim;
            }
        }
        double[] score = new double[n];
        java.util.Arrays.fill(score, 1.0);
        for (int iter = 0; iter < 30; iter++) {
            double[] next = new double[n];
            for (int i = 0; i < n; i++) {
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    if (w[j][i] > 0 && outSum[j] > 0) {
                        sum += w[j][i] / outSum[j] * score[j];
                    }
                }
                next[i] = 0.15 + 0.85 * sum;
            }
            score = next;
        }
        double max = 0;
        for (double s : score) {
            max = Math.max(max, s);
        }
        if (max > 0) {
            for (int i = 0; i < n; i++) {
                score[i] /= max;
            }
        }
        return score;
    }
}
