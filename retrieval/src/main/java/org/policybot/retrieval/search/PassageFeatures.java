package org.policybot.retrieval.search;

import java.util.List;
import java.util.Map;
import org.policybot.retrieval.embed.PassageVectors;
import org.policybot.retrieval.ingest.Passage;
import org.policybot.retrieval.text.ChineseText;

/**
 * What the passage ranker knows about a candidate passage: how both retrievers ranked it,
 * how close its vector and its closest sentence's vector are to the question's, how much of
 * the question its best sentence and the whole passage express, and whether the best sentence
 * holds the kind of answer asked for. The ranker weighs these with fitted weights.
 */
public final class PassageFeatures {

    /** The features of one candidate on its own. */
    static final List<String> BASE = List.of(
            "lex_score", "lex_rank", "dense_cos", "dense_rel", "dense_rank", "sent_cos", "sent_cos_rel",
            "best_cov", "best_total", "passage_cov", "heading_cov", "best_type", "best_year", "bigram_recall",
            "place_match", "place_conflict", "number_match");

    private static final Map<String, String> BASE_GROUPS = Map.ofEntries(
            Map.entry("place_match", "constraints"), Map.entry("place_conflict", "constraints"),
            Map.entry("number_match", "constraints"),
            Map.entry("lex_score", "lexical"), Map.entry("lex_rank", "lexical"),
            Map.entry("dense_cos", "dense"), Map.entry("dense_rel", "dense"), Map.entry("dense_rank", "dense"),
            Map.entry("sent_cos", "sentence-dense"), Map.entry("sent_cos_rel", "sentence-dense"),
            Map.entry("best_cov", "coverage"), Map.entry("best_total", "coverage"), Map.entry("passage_cov", "coverage"),
            Map.entry("heading_cov", "coverage"), Map.entry("bigram_recall", "coverage"),
            Map.entry("best_type", "answer-type"), Map.entry("best_year", "dates"));

    /**
     * The ranker's features: each base feature as it is, then standardised among the
     * question's candidates ("z_…"), which says how a candidate stands out from the others
     * whatever level the corpus puts scores at.
     */
    public static final List<String> NAMES;

    /** Feature group of each feature, for ablations and the vector-free variant. */
    public static final Map<String, String> GROUPS;

    static {
        java.util.List<String> names = new java.util.ArrayList<>(BASE);
        java.util.Map<String, String> groups = new java.util.HashMap<>(BASE_GROUPS);
        for (String b : BASE) {
            names.add("z_" + b);
            groups.put("z_" + b, BASE_GROUPS.get(b));
        }
        NAMES = List.copyOf(names);
        GROUPS = Map.copyOf(groups);
    }

    /** The base features of a question's candidates extended with their standardised copies. */
    static List<double[]> withinQuery(List<double[]> base) {
        int d = BASE.size();
        int[] from = new int[d];
        int[] to = new int[d];
        for (int j = 0; j < d; j++) {
            from[j] = j;
            to[j] = d + j;
        }
        List<double[]> out = base.stream().map(x -> java.util.Arrays.copyOf(x, 2 * d)).toList();
        org.policybot.retrieval.rank.WithinQuery.standardise(out, from, to);
        return out;
    }

    /** How a candidate was found: rank and score by each retriever (-1 rank when not found by it). */
    record Retrieved(int lexicalRank, double lexicalScore, int denseRank, double denseCosine) {
    }

    /**
     * @param maxLexical best lexical score among the candidates
     * @param maxDense   best passage cosine among the candidates
     * @param maxSentence best sentence cosine among the candidates
     */
    static double[] of(Retrieved r, SentenceScorer.Score best, double passageCoverage, double headingCoverage,
                       double sentenceCosine, double maxLexical, double maxDense, double maxSentence,
                       boolean specificType, double bigramRecall, Places.Agreement place, double numbers) {
        double[] f = new double[BASE.size()];
        f[0] = r.lexicalRank() < 0 || maxLexical <= 0 ? 0 : r.lexicalScore() / maxLexical;
        f[1] = r.lexicalRank() < 0 ? 0 : 1.0 / (1 + r.lexicalRank());
        f[2] = r.denseCosine();
        f[3] = maxDense == 0 ? 0 : r.denseCosine() - maxDense;
        f[4] = r.denseRank() < 0 ? 0 : 1.0 / (1 + r.denseRank());
        f[5] = sentenceCosine;
        f[6] = maxSentence == 0 ? 0 : sentenceCosine - maxSentence;
        f[7] = best.coverage();
        f[8] = best.total();
        f[9] = passageCoverage;
        f[10] = headingCoverage;
        f[11] = !specificType ? 0 : (best.answerType() ? 1 : -1);
        f[12] = best.year();
        f[13] = bigramRecall;
        f[14] = place.match();
        f[15] = place.conflict() ? 1 : 0;
        f[16] = numbers;
        return f;
    }

    /** The best cosine of the query with any sentence of the passage (0 without vectors). */
    static double bestSentenceCosine(float[] query, PassageVectors vectors) {
        if (query == null || vectors == null) {
            return 0;
        }
        double best = 0;
        for (int i = 0; i < vectors.sentenceCount(); i++) {
            best = Math.max(best, vectors.sentenceCosine(query, i));
        }
        return best;
    }

    /**
     * The share of the question's distinct Chinese character bigrams found in the text: a
     * match that needs no segmentation, so it survives words the segmenter splits differently.
     */
    public static double bigramRecall(List<String> questionBigrams, String compactFoldedText) {
        if (questionBigrams.isEmpty()) {
            return 0;
        }
        int found = 0;
        for (String b : questionBigrams) {
            if (compactFoldedText.contains(b)) {
                found++;
            }
        }
        return (double) found / questionBigrams.size();
    }

    /** The distinct Chinese character bigrams of a folded question that occur somewhere in the corpus. */
    public static List<String> questionBigrams(String normalized, Vocabulary vocabulary) {
        String t = ChineseText.compact(normalized);
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        for (int i = 0; i + 1 < t.length(); i++) {
            if (ChineseText.isCjk(t.charAt(i)) && ChineseText.isCjk(t.charAt(i + 1))) {
                String b = t.substring(i, i + 2);
                if (vocabulary.bigramFrequency(b) > 0) {
                    out.add(b);
                }
            }
        }
        return List.copyOf(out);
    }

    /** What a passage says about where it applies: its article's title and subtitle, and its own text. */
    public static String placeText(Passage p, CorpusView corpus) {
        return corpus.article(p.articleId()).map(a -> a.title() + " " + a.subtitle() + " " + a.info().getOrDefault("region", ""))
                .orElse(p.title()) + " " + p.text();
    }

    /** Title, subtitle and section of a passage: what it is about when its sentences do not say. */
    public static String headingOf(Passage p, CorpusView corpus) {
        String subtitle = corpus.article(p.articleId()).map(a -> a.subtitle()).orElse("");
        return (p.title() + " " + subtitle + " " + p.section()).strip();
    }
}
