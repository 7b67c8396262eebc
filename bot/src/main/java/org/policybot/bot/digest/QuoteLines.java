package org.policybot.bot.digest;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.policybot.bot.answer.Citation;
import org.policybot.retrieval.text.ChineseText;

/**
 * What a digest entry quotes under its summary. An extractive summary point is itself a
 * verbatim sentence, so quoting it again would say everything twice: per citation, only the
 * sentences the summary does not already show are quoted, and a citation whose quote the
 * summary shows in full becomes a reference to the article paragraph it comes from. A
 * model's summary paraphrases, so its quotes are shown whole.
 */
final class QuoteLines {

    private QuoteLines() {
    }

    /**
     * @param summary    the summary text, with its [n] markers
     * @param paragraphs the article's paragraphs in order (for the paragraph numbers)
     */
    static List<Digest.Quote> of(String summary, List<Citation> citations, List<String> paragraphs) {
        String shown = ChineseText.compact(summary.replaceAll("\\[\\d+]", ""));
        List<Digest.Quote> out = new ArrayList<>();
        for (Citation c : citations) {
            List<String> all = new ArrayList<>();
            List<String> unshown = new ArrayList<>();
            for (String sentence : ChineseText.sentences(c.quote())) {
                String compact = ChineseText.compact(sentence);
                if (!compact.isEmpty()) {
                    all.add(sentence.strip());
                    if (!shown.contains(compact)) {
                        unshown.add(sentence.strip());
                    }
                }
            }
            List<String> referenced = unshown.isEmpty() ? all : unshown;
            out.add(new Digest.Quote(c.n(), paragraphsOf(referenced, paragraphs), String.join("", unshown), c.page()));
        }
        return out;
    }

    /** The 1-based numbers of the paragraphs holding the sentences, in order, each once (none found: empty). */
    static List<Integer> paragraphsOf(List<String> sentences, List<String> paragraphs) {
        TreeSet<Integer> found = new TreeSet<>();
        for (String sentence : sentences) {
            String compact = ChineseText.compact(sentence);
            for (int i = 0; i < paragraphs.size(); i++) {
                if (ChineseText.compact(paragraphs.get(i)).contains(compact)) {
                    found.add(i + 1);
                    break;
                }
            }
        }
        return List.copyOf(found);
    }
}
