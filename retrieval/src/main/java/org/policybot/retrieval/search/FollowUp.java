package org.policybot.retrieval.search;

import com.hankcs.hanlp.seg.common.Term;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.policybot.retrieval.text.ChineseText;
import org.policybot.retrieval.text.Segmenter;

/**
 * Decides whether a chat question leans on the earlier turns, so that only then are their
 * words added to the query. It leans when it refers back (a pronoun or determiner: "他在哪里
 * 上班？", "该政策"), goes on from the last turn (a leading "那么", "还有"), asks "what about X"
 * ("失业保险呢？": a trailing 呢 and no question word), or names no topic of its own (only
 * question words, function words and aspect words: "电话多少？", "要带什么材料？", "第几名？",
 * "需要什么条件？").
 * A question with a topic word of its own and none of these cues ("焦作欠薪投诉电话多少") is a
 * new topic. The cue words are data ({@code policybot/follow-up-cues.tsv}).
 *
 * <p>NOTE: a topic word need not occur in the corpus: a question about something the corpus
 * lacks should find nothing and be declined, not be answered from the previous topic. The
 * corpus shapes the topic words upstream all the same: {@link QueryUnderstanding} corrects
 * typos and joins split names against the {@link Vocabulary} before they reach this class.
 * NOTE: a pronoun that points inside the question ("我爸退伍了，他能领吗") counts as pointing
 * back too; the earlier words then come in at their lower weights beside the question's own.
 */
public final class FollowUp {

    /** How a cue word shows that the question leans on the earlier turns. */
    enum Kind { REFERS, REFERS_NOUN, PHRASE, LEADING, TRAILING, ASPECT }

    /** Why a question leans on the earlier turns. */
    enum Reason { REFERS_BACK, GOES_ON, WHAT_ABOUT, NO_TOPIC_OF_ITS_OWN }

    /** One row of the cue file: the word, its kind, and a made-up question it makes lean. */
    record Cue(String word, Kind kind, String example) {
    }

    private final List<Cue> cues;
    private final Map<String, Set<Kind>> kinds = new HashMap<>();

    FollowUp(List<Cue> cues) {
        this.cues = List.copyOf(cues);
        for (Cue c : cues) {
            kinds.computeIfAbsent(c.word(), k -> EnumSet.noneOf(Kind.class)).add(c.kind());
        }
    }

    /** The bundled cue words. */
    public static FollowUp bundled() {
        return new FollowUp(load("policybot/follow-up-cues.tsv"));
    }

    List<Cue> cues() {
        return cues;
    }

    /**
     * Whether the question leans on the earlier turns.
     *
     * @param normalized the folded question ({@link UnderstoodQuery#normalized()})
     * @param terms      the question's own query words, without words of earlier turns
     */
    public boolean leansOnContext(String normalized, List<QueryTerm> terms) {
        return reason(normalized, terms).isPresent();
    }

    Optional<Reason> reason(String normalized, List<QueryTerm> terms) {
        List<Term> words = Segmenter.segment(normalized).stream().filter(t -> isWord(t.word)).toList();
        if (words.isEmpty()) {
            return Optional.empty();
        }
        if (has(words.get(0).word, Kind.LEADING)) {
            return Optional.of(Reason.GOES_ON);
        }
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i).word;
            boolean beforeNoun = i + 1 < words.size() && isNoun(words.get(i + 1));
            if (has(w, Kind.REFERS) || has(w, Kind.REFERS_NOUN) && beforeNoun) {
                return Optional.of(Reason.REFERS_BACK);
            }
        }
        if (cues.stream().anyMatch(c -> c.kind() == Kind.PHRASE && normalized.contains(c.word()))) {
            return Optional.of(Reason.REFERS_BACK);
        }
        if (has(words.get(words.size() - 1).word, Kind.TRAILING)
                && QueryUnderstanding.answerType(normalized) == UnderstoodQuery.AnswerType.OTHER) {
            return Optional.of(Reason.WHAT_ABOUT);
        }
        return terms.stream().anyMatch(this::namesTopic) ? Optional.empty() : Optional.of(Reason.NO_TOPIC_OF_ITS_OWN);
    }

    /**
     * A word of the question's own that names what it is about: a noun (or a word the
     * dictionary does not know, such as a name) of two characters or more (one character is a
     * verb or a measure more often than a topic), not an aspect word, and not a word that asks
     * for a kind of answer ("哪天", "电话", "材料": {@link QueryUnderstanding#answerType}). Verbs
     * and their complements ("交上去以后要审多久") name no topic.
     */
    private boolean namesTopic(QueryTerm t) {
        String w = t.text();
        return t.isOwn() && w.codePointCount(0, w.length()) >= 2 && !has(w, Kind.ASPECT)
                && QueryUnderstanding.answerType(w) == UnderstoodQuery.AnswerType.OTHER && nounLike(w);
    }

    /**
     * A noun, a verbal noun, an abbreviation, Latin letters, a word HanLP does not know as one
     * word, or a compound of four characters or more (HanLP files some, such as 失业保险, as verbs).
     */
    private static boolean nounLike(String w) {
        if (w.chars().anyMatch(c -> c >= 'a' && c <= 'z') || w.codePointCount(0, w.length()) >= 4) {
            return true;
        }
        List<Term> terms = Segmenter.segment(w);
        if (terms.size() != 1 || terms.get(0).nature == null) {
            return true;
        }
        String n = terms.get(0).nature.toString();
        return n.startsWith("n") || n.equals("vn") || n.startsWith("j") || n.startsWith("g") || n.equals("x");
    }

    private boolean has(String word, Kind kind) {
        return kinds.getOrDefault(word, Set.of()).contains(kind);
    }

    private static boolean isWord(String w) {
        return w.codePoints().anyMatch(cp -> ChineseText.isCjk(cp) || Character.isLetterOrDigit(cp));
    }

    private static boolean isNoun(Term t) {
        return t.nature != null && t.nature.toString().startsWith("n");
    }

    private static List<Cue> load(String resource) {
        return org.policybot.retrieval.text.DataFile.rows(resource, 3).stream().map(row -> row.parse(cells -> new Cue(
                ChineseText.fold(cells[0]), Kind.valueOf(cells[1].toUpperCase(Locale.ROOT).replace('-', '_')), cells[2]))).toList();
    }
}
