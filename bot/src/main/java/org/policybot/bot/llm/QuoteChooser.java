package org.policybot.bot.llm;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.policybot.bot.answer.SourceTexts;
import org.policybot.retrieval.ingest.Passage;
import org.policybot.retrieval.text.ChineseText;

/**
 * Chooses what a citation of a model's answer quotes: for each model sentence citing a
 * passage, the passage sentence sharing most of its characters (two-character overlap,
 * figures weigh extra); neighbouring choices are quoted together. Every quote is found
 * verbatim in the article file, so staff can check the model against the source.
 */
final class QuoteChooser {

    private static final int MIN_SENTENCE_CHARS = 4;
    private static final int MIN_QUOTE_CHARS = 10;
    /** Choices at most this many sentences apart are quoted as one run. */
    private static final int MAX_RUN = 3;

    private QuoteChooser() {
    }

    /** A quotable sentence of a passage: where it is and its verbatim form. */
    private record Quotable(int index, String quote, boolean whole) {
    }

    /**
     * The verbatim quote from {@code passage} that best supports {@code citing} (the model
     * sentences citing it, markers removed), or "" when no sentence of it can be quoted.
     */
    static String quote(Passage passage, List<String> citing, SourceTexts sources) {
        List<Quotable> quotable = quotable(passage, sources);
        if (quotable.isEmpty()) {
            return "";
        }
        TreeSet<Integer> chosen = new TreeSet<>();
        Quotable best = quotable.get(0);
        double bestScore = -1;
        for (String sentence : citing) {
            Quotable top = quotable.get(0);
            double topScore = -1;
            for (Quotable q : quotable) {
                double s = score(sentence, q.quote());
                if (s > topScore) {
                    top = q;
                    topScore = s;
                }
            }
            chosen.add(top.index());
            if (topScore > bestScore) {
                best = top;
                bestScore = topScore;
            }
        }
        if (chosen.size() > 1 && chosen.last() - chosen.first() < MAX_RUN) {
            String run = run(quotable, chosen.first(), chosen.last());
            if (!run.isEmpty() && sources.verbatim(passage.file(), run)) {
                return run;
            }
        }
        return best.quote();
    }

    /** Sentences first..last joined, or "" when one of them is not whole or missing. */
    private static String run(List<Quotable> quotable, int first, int last) {
        StringBuilder sb = new StringBuilder();
        for (int i = first; i <= last; i++) {
            int index = i;
            Quotable q = quotable.stream().filter(x -> x.index() == index).findFirst().orElse(null);
            if (q == null || !q.whole()) {
                return "";
            }
            sb.append(q.quote());
        }
        return sb.toString();
    }

    private static List<Quotable> quotable(Passage passage, SourceTexts sources) {
        List<Quotable> out = new ArrayList<>();
        int index = 0;
        for (String line : passage.body().split("\n")) {
            for (String raw : ChineseText.sentences(line)) {
                String s = raw.strip();
                index++;
                if (ChineseText.visibleLength(s) < MIN_SENTENCE_CHARS) {
                    continue;
                }
                String part = sources.quotablePart(passage.file(), s, MIN_QUOTE_CHARS);
                if (!part.isEmpty()) {
                    // The whole sentence, or only the verbatim part of one the reader joined.
                    out.add(new Quotable(index, part, part.equals(s)));
                }
            }
        }
        return out;
    }

    /** Share of the model sentence's character pairs the passage sentence has, plus shared figures. */
    static double score(String modelSentence, String passageSentence) {
        Set<String> a = bigrams(modelSentence);
        Set<String> b = bigrams(passageSentence);
        if (a.isEmpty() || b.isEmpty()) {
            return 0;
        }
        int common = 0;
        for (String x : a) {
            if (b.contains(x)) {
                common++;
            }
        }
        Set<String> figures = Figures.of(modelSentence);
        figures.retainAll(Figures.of(passageSentence));
        return (double) common / a.size() + 0.1 * common / b.size() + 0.2 * figures.size();
    }

    private static Set<String> bigrams(String text) {
        StringBuilder letters = new StringBuilder();
        ChineseText.fold(Markers.strip(text)).codePoints().filter(Character::isLetterOrDigit).forEach(letters::appendCodePoint);
        Set<String> out = new HashSet<>();
        int[] cps = letters.codePoints().toArray();
        for (int i = 0; i + 1 < cps.length; i++) {
            out.add(new String(cps, i, 2));
        }
        return out;
    }
}
