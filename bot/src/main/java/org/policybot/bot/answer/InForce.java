package org.policybot.bot.answer;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.policybot.retrieval.ingest.Article;
import org.policybot.retrieval.ingest.Passage;
import org.policybot.retrieval.ingest.Validity;
import org.policybot.retrieval.search.CorpusView;
import org.policybot.retrieval.search.Hit;
import org.policybot.retrieval.search.SearchResult;

/**
 * Documents in force on the day of the answer (the answer service's clock) come first, and an
 * answer that quotes one that is not says so. The demotion is modest and needs no weight: a
 * passage of a superseded document goes below the passages of its replacement found for the
 * question (which states the current rule on the same matter), and a sentence of it below a
 * sentence of the replacement that answers as well; a document not in force for another
 * reason goes below in-force passages only where the ranker scores them the same. Nothing
 * else moves, so a corpus without validity information ranks as before.
 */
final class InForce {

    private InForce() {
    }

    /**
     * The result with documents in force preferred as above: a replaced document's passage
     * moves below its replacement's and scores no higher than it (the ranker's score, which
     * the sentence model reads, included); ranks renumbered. The same result when nothing moves.
     */
    static SearchResult prefer(SearchResult result, LocalDate day) {
        CorpusView corpus = result.corpus();
        List<Hit> hits = result.hits();
        if (corpus == null || hits.size() < 2) {
            return result;
        }
        Map<String, Validity.Status> status = new HashMap<>();
        boolean any = false;
        for (Hit h : hits) {
            Validity.Status s = status.computeIfAbsent(h.passage().articleId(), id -> statusOf(corpus, id, day));
            any |= !s.inForce();
        }
        if (!any) {
            return result;
        }
        List<Hit> out = new ArrayList<>(hits);
        Map<String, Double> scores = new HashMap<>(result.passageScores());
        // Each passage of a replaced document: below the last passage of its replacement, scoring no higher.
        for (Hit h : hits) {
            Validity.Status s = status.get(h.passage().articleId());
            if (s.kind() != Validity.Status.Kind.SUPERSEDED) {
                continue;
            }
            Article old = articleOf(corpus, h.passage());
            int last = -1;
            double best = Double.NEGATIVE_INFINITY;
            Double bestRanker = null;
            for (int i = 0; i < out.size(); i++) {
                Hit other = out.get(i);
                Article a = articleOf(corpus, other.passage());
                if (a != null && status.get(a.id()).inForce() && replaces(a, old, s)) {
                    last = i;
                    best = Math.max(best, other.score());
                    Double r = result.passageScores().get(other.passage().id());
                    bestRanker = r == null ? bestRanker : bestRanker == null ? r : Math.max(bestRanker, r);
                }
            }
            if (last < 0) {
                continue;
            }
            int at = out.indexOf(h);
            Hit capped = new Hit(h.rank(), Math.min(h.score(), best), h.passage());
            out.remove(at);
            out.add(last > at ? last : at, capped);
            Double own = scores.get(h.passage().id());
            if (own != null && bestRanker != null) {
                scores.put(h.passage().id(), Math.min(own, bestRanker));
            }
        }
        // Ties in score: the document in force first (nothing else changes places).
        for (boolean swapped = true; swapped; ) {
            swapped = false;
            for (int i = 0; i + 1 < out.size(); i++) {
                Hit a = out.get(i);
                Hit b = out.get(i + 1);
                if (a.score() == b.score() && !status.get(a.passage().articleId()).inForce()
                        && status.get(b.passage().articleId()).inForce()) {
                    out.set(i, b);
                    out.set(i + 1, a);
                    swapped = true;
                }
            }
        }
        List<Hit> renumbered = new ArrayList<>(out.size());
        for (int i = 0; i < out.size(); i++) {
            Hit h = out.get(i);
            renumbered.add(new Hit(i + 1, h.score(), h.passage()));
        }
        if (renumbered.equals(hits) && scores.equals(result.passageScores())) {
            return result;
        }
        return new SearchResult(result.query(), renumbered, corpus, result.queryVector(), scores);
    }

    /**
     * The sentences to answer from, re-ordered in place: a sentence of a replaced document goes
     * below the first sentence of its replacement (in force) that answers it equally: covers
     * the question's words at least as well, holds the kind of answer asked for if it does,
     * and states a period that holds the date asked about if it does.
     */
    static void preferInForce(List<Candidate> candidates, CorpusView corpus, LocalDate day) {
        if (corpus == null || candidates.size() < 2) {
            return;
        }
        Map<String, Validity.Status> status = new HashMap<>();
        for (Candidate c : candidates) {
            status.computeIfAbsent(c.passage().articleId(), id -> statusOf(corpus, id, day));
        }
        if (status.values().stream().noneMatch(s -> s.kind() == Validity.Status.Kind.SUPERSEDED)) {
            return;
        }
        for (Candidate c : List.copyOf(candidates)) {
            Validity.Status s = status.get(c.passage().articleId());
            if (s.kind() != Validity.Status.Kind.SUPERSEDED) {
                continue;
            }
            Article old = articleOf(corpus, c.passage());
            int at = candidates.indexOf(c);
            for (int j = at + 1; j < candidates.size(); j++) {
                Candidate r = candidates.get(j);
                Article a = articleOf(corpus, r.passage());
                if (a != null && status.get(a.id()).inForce() && replaces(a, old, s) && answersAsWell(r, c)) {
                    candidates.remove(at);
                    candidates.add(j, c);
                    break;
                }
            }
        }
    }

    private static boolean answersAsWell(Candidate current, Candidate old) {
        return current.score().coverage() >= old.score().coverage()
                && (current.score().answerType() || !old.score().answerType())
                && (current.dates() == DateRangeReasoner.Relation.INSIDE || old.dates() != DateRangeReasoner.Relation.INSIDE);
    }

    /**
     * The answer with a line for each cited document not in force on the day ("[1] 该文件已于
     * 2025年12月31日失效，现行规定见[2]。"), pointing to its replacement when that is cited too.
     */
    static Answer withNotes(Answer answer, CorpusView corpus, LocalDate day, AnswerTexts texts) {
        if (corpus == null || answer.citations().isEmpty()) {
            return answer;
        }
        List<Article> cited = new ArrayList<>();
        for (Citation c : answer.citations()) {
            Passage p = corpus.passage(c.passageId()).orElse(null);
            cited.add(p == null ? null : articleOf(corpus, p));
        }
        StringBuilder notes = new StringBuilder();
        List<String> noted = new ArrayList<>();
        for (int i = 0; i < cited.size(); i++) {
            Article a = cited.get(i);
            if (a == null || noted.contains(a.id())) {
                continue;
            }
            Validity.Status s = statusOf(corpus, a.id(), day);
            if (s.inForce()) {
                continue;
            }
            noted.add(a.id());
            int n = answer.citations().get(i).n();
            Integer current = null;
            for (int k = 0; k < cited.size() && current == null; k++) {
                Article other = cited.get(k);
                if (other != null && statusOf(corpus, other.id(), day).inForce() && replaces(other, a, s)) {
                    current = answer.citations().get(k).n();
                }
            }
            notes.append('\n').append(texts.validityNote(n, s, current));
        }
        if (notes.isEmpty()) {
            return answer;
        }
        return new Answer(answer.question(), answer.text() + notes, answer.citations(), answer.outcome(), answer.mode(),
                answer.confidence(), answer.options());
    }

    /** Whether {@code current} replaces {@code old}: named as its replacement, or naming it among those it replaces. */
    private static boolean replaces(Article current, Article old, Validity.Status oldStatus) {
        if (current == null || old == null || current.id().equals(old.id())) {
            return false;
        }
        if (!oldStatus.by().isEmpty() && Validity.refersTo(oldStatus.by(), current)) {
            return true;
        }
        return current.validity().supersedes().stream().anyMatch(name -> Validity.refersTo(name, old));
    }

    /**
     * A document's standing on a day. A replaced document counts as replaced from the day its
     * replacement in the corpus takes effect (else from the replacement's date): asked about
     * an earlier day, it was the rule then. A replacement the corpus does not hold counts
     * from the day it is known.
     */
    private static Validity.Status statusOf(CorpusView corpus, String articleId, LocalDate day) {
        Article a = corpus.article(articleId).orElse(null);
        if (a == null) {
            return Validity.Status.IN_FORCE;
        }
        Validity.Status s = a.validity().statusAt(day);
        if (s.kind() != Validity.Status.Kind.SUPERSEDED) {
            return s;
        }
        boolean found = false;
        for (Article other : corpus.articles().values()) {
            if (replaces(other, a, s)) {
                Optional<LocalDate> from = other.validity().effective().or(other::date);
                if (from.isEmpty() || !day.isBefore(from.get())) {
                    return s;
                }
                found = true;
            }
        }
        return found ? Validity.Status.IN_FORCE : s;
    }

    private static Article articleOf(CorpusView corpus, Passage p) {
        return corpus.article(p.articleId()).orElse(null);
    }
}
