package org.policybot.bot.llm;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.policybot.bot.answer.Citation;
import org.policybot.bot.answer.SourceTexts;
import org.policybot.retrieval.ingest.Passage;

/**
 * Checks a model's answer against the passages it was given, sentence by sentence:
 * markers that point to no passage (or to one with nothing quotable) are removed, the
 * rest are renumbered 1..m in order of first use, each cited passage gets a verbatim
 * quote, and a sentence stating a figure that none of its cited passages (nor the
 * question) states is flagged in the text. Empty when no valid citation is left.
 */
final class CitationCheck {

    static final String FLAG_FORMAT = "（数字%s未见于所引原文，请核实）";

    /**
     * @param removedMarkers  citations dropped because they point to no usable passage
     * @param flaggedFigures  figures found in no cited passage
     * @param supportedShare  share of the answer's sentences that cite a passage and state no flagged figure
     */
    record Checked(String text, List<Citation> citations, int removedMarkers, List<String> flaggedFigures,
                   double supportedShare) {
    }

    private CitationCheck() {
    }

    /**
     * @param passages the passages the model saw; element 0 is passage [1]
     * @param question the question as sent to the model (its figures are not flagged)
     */
    static Optional<Checked> check(String answer, List<Passage> passages, String question, SourceTexts sources) {
        List<String> sentences = Markers.sentences(answer);
        Map<Integer, List<String>> citing = new LinkedHashMap<>();
        int removed = 0;
        for (String s : sentences) {
            for (int n : Markers.numbers(s)) {
                if (n >= 1 && n <= passages.size()) {
                    citing.computeIfAbsent(n, k -> new ArrayList<>()).add(Markers.strip(s));
                } else {
                    removed++;
                }
            }
        }
        Map<Integer, Integer> renumbered = new LinkedHashMap<>();
        List<Citation> citations = new ArrayList<>();
        for (Map.Entry<Integer, List<String>> e : citing.entrySet()) {
            Passage p = passages.get(e.getKey() - 1);
            String quote = QuoteChooser.quote(p, e.getValue(), sources);
            if (quote.isEmpty()) {
                removed += e.getValue().size();
                continue;
            }
            int k = renumbered.size() + 1;
            renumbered.put(e.getKey(), k);
            citations.add(Citation.quoting(k, p, quote, sources));
        }
        if (citations.isEmpty()) {
            return Optional.empty();
        }
        Set<String> questionFigures = Figures.ofQuestion(question);
        List<String> flagged = new ArrayList<>();
        int content = 0;
        int supported = 0;
        StringBuilder text = new StringBuilder();
        for (String s : sentences) {
            List<Integer> cited = Markers.numbers(s).stream().filter(renumbered::containsKey).toList();
            Set<String> missing = new LinkedHashSet<>(Figures.of(s));
            missing.removeAll(questionFigures);
            missing.removeAll(figuresOf(cited, passages));
            String rewritten = Markers.rewrite(s, old -> renumbered.getOrDefault(old, 0));
            if (!missing.isEmpty()) {
                flagged.addAll(missing);
                rewritten = withFlag(rewritten, String.join("、", missing));
            }
            if (hasContent(Markers.strip(s))) {
                content++;
                if (!cited.isEmpty() && missing.isEmpty()) {
                    supported++;
                }
            }
            text.append(rewritten);
        }
        double share = content == 0 ? 0 : (double) supported / content;
        return Optional.of(new Checked(text.toString().strip(), citations, removed, flagged, share));
    }

    private static Set<String> figuresOf(List<Integer> numbers, List<Passage> passages) {
        Set<String> out = new HashSet<>();
        for (int n : numbers) {
            Passage p = passages.get(n - 1);
            out.addAll(Figures.of(p.title() + "\n" + p.text()));
        }
        return out;
    }

    /** The flag goes at the end of the sentence, before the line break that may end it. */
    private static String withFlag(String sentence, String figures) {
        String flag = FLAG_FORMAT.formatted(figures);
        int end = sentence.length();
        while (end > 0 && Character.isWhitespace(sentence.charAt(end - 1))) {
            end--;
        }
        return sentence.substring(0, end) + flag + sentence.substring(end);
    }

    private static boolean hasContent(String text) {
        return text.codePoints().filter(Character::isLetterOrDigit).count() >= 4;
    }
}
