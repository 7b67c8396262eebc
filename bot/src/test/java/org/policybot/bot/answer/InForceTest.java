package org.policybot.bot.answer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.policybot.retrieval.ingest.Article;
import org.policybot.retrieval.ingest.Passage;
import org.policybot.retrieval.ingest.Validity;
import org.policybot.retrieval.search.CorpusView;
import org.policybot.retrieval.search.Hit;
import org.policybot.retrieval.search.SearchResult;

/**
 * Documents in force come first and an answer quoting one that is not says so, on a made-up
 * corpus: an old 办法 that expired and was replaced, its replacement, an expired notice with no
 * replacement and a guide without any validity.
 */
class InForceTest {

    private static final LocalDate TODAY = LocalDate.of(2025, 6, 1);

    private static Article article(String id, String title, Validity validity) {
        Article a = new Article(id, id + ".txt", 1, title, "", "", Optional.empty(), "",
                List.of(new Article.Section("", List.of(new Article.Paragraph("补贴标准为每月300元。", 3)))));
        return a.withValidity(validity);
    }

    private static final Article OLD = article("old", "甲县灵活就业补贴办法", new Validity(Optional.of(LocalDate.of(2019, 1, 1)),
            Optional.of(LocalDate.of(2023, 12, 31)), List.of(), List.of("甲县灵活就业补贴实施办法")));
    private static final Article NEW = article("new", "甲县灵活就业补贴实施办法", new Validity(Optional.of(LocalDate.of(2024, 1, 1)),
            Optional.empty(), List.of("甲县灵活就业补贴办法"), List.of()));
    private static final Article LAPSED = article("lapsed", "甲县临时补贴通知", new Validity(Optional.empty(),
            Optional.of(LocalDate.of(2024, 12, 31)), List.of(), List.of()));
    private static final Article GUIDE = article("guide", "甲县办事指南", Validity.NONE);
    private static final Article COMING = article("coming", "甲县补贴新规", new Validity(Optional.of(LocalDate.of(2026, 1, 1)),
            Optional.empty(), List.of(), List.of()));

    private static Passage passage(Article a) {
        return new Passage(a.id() + "-p0", a.id(), a.title(), Optional.empty(), a.file(), "", "补贴标准为每月300元。", 0, 3);
    }

    private static CorpusView corpus(Article... articles) {
        Map<String, Article> byId = new LinkedHashMap<>();
        for (Article a : articles) {
            byId.put(a.id(), a);
        }
        return new CorpusView("g1", Instant.EPOCH, byId, java.util.Arrays.stream(articles).map(InForceTest::passage).toList(),
                null, null, Optional.empty(), Map.of());
    }

    private static SearchResult result(CorpusView corpus, Hit... hits) {
        Map<String, Double> scores = new java.util.HashMap<>();
        for (Hit h : hits) {
            scores.put(h.passage().id(), h.score() / 10);
        }
        return new SearchResult(null, List.of(hits), corpus, null, scores);
    }

    private static List<String> order(SearchResult r) {
        return order(r.hits());
    }

    private static List<String> order(List<Hit> hits) {
        return hits.stream().map(h -> h.passage().articleId() + "#" + h.rank()).toList();
    }

    @Test
    void should_put_a_replaced_document_below_its_replacement_and_leave_the_rest_in_place() {
        // given: the old 办法 ranked first, the guide between it and its replacement
        CorpusView corpus = corpus(OLD, GUIDE, NEW);
        SearchResult found = result(corpus, new Hit(1, 9.0, passage(OLD)), new Hit(2, 8.0, passage(GUIDE)), new Hit(3, 7.0, passage(NEW)));

        // when
        SearchResult ordered = InForce.prefer(found, TODAY);

        // then: and it scores no higher than its replacement
        assertThat(order(ordered)).containsExactly("guide#1", "new#2", "old#3");
        assertThat(ordered.hits().get(2).score()).isEqualTo(7.0);
        assertThat(ordered.passageScores()).containsEntry("old-p0", 0.7).containsEntry("guide-p0", 0.8).containsEntry("new-p0", 0.7);
    }

    @Test
    void should_put_a_lapsed_document_below_one_in_force_only_when_they_score_the_same() {
        CorpusView corpus = corpus(LAPSED, GUIDE, NEW);

        assertThat(order(InForce.prefer(result(corpus, new Hit(1, 5.0, passage(LAPSED)), new Hit(2, 5.0, passage(GUIDE))), TODAY)))
                .containsExactly("guide#1", "lapsed#2");
        SearchResult better = result(corpus, new Hit(1, 6.0, passage(LAPSED)), new Hit(2, 5.0, passage(GUIDE)));
        assertThat(InForce.prefer(better, TODAY)).isSameAs(better);
    }

    @Test
    void should_change_nothing_on_a_corpus_without_validity() {
        CorpusView corpus = corpus(GUIDE, article("other", "乙县指南", Validity.NONE));
        SearchResult found = result(corpus, new Hit(1, 5.0, passage(GUIDE)), new Hit(2, 5.0, passage(corpus.article("other").orElseThrow())));

        assertThat(InForce.prefer(found, TODAY)).isSameAs(found);
    }

    private static Candidate sentence(Article a, double coverage, double total) {
        return new Candidate("补贴标准为每月300元。", "补贴标准为每月300元。", passage(a), 1, 1001, 0,
                new org.policybot.retrieval.search.SentenceScorer.Context("", ""),
                new org.policybot.retrieval.search.SentenceScorer.Score("补贴标准为每月300元。", coverage, true, 0, false, 0),
                DateRangeReasoner.Relation.NONE, new double[0], total);
    }

    @Test
    void should_put_a_replaced_documents_sentence_below_a_sentence_of_its_replacement_that_answers_as_well() {
        // given: the old document's sentence scored first
        CorpusView corpus = corpus(OLD, NEW, GUIDE);
        List<Candidate> equally = new java.util.ArrayList<>(List.of(sentence(OLD, 0.8, 0.5), sentence(GUIDE, 0.9, 0.3),
                sentence(NEW, 0.8, 0.2)));
        List<Candidate> worse = new java.util.ArrayList<>(List.of(sentence(OLD, 0.8, 0.5), sentence(NEW, 0.5, 0.2)));

        // when
        InForce.preferInForce(equally, corpus, TODAY);
        InForce.preferInForce(worse, corpus, TODAY);

        // then
        assertThat(equally).extracting(c -> c.passage().articleId()).containsExactly("guide", "new", "old");
        assertThat(worse).extracting(c -> c.passage().articleId()).containsExactly("old", "new");
    }

    private static Answer citing(Article... articles) {
        List<Citation> citations = new java.util.ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < articles.length; i++) {
            citations.add(new Citation(i + 1, passage(articles[i]).id(), articles[i].title(), articles[i].file(), null, "补贴标准为每月300元。"));
            text.append("补贴标准为每月300元。[").append(i + 1).append(']');
        }
        return new Answer("补贴标准是多少？", text.toString(), citations, false, Answer.Mode.EXTRACTIVE, 0.9);
    }

    @Test
    void should_say_a_cited_document_was_replaced_and_point_to_the_replacement_when_it_is_cited() {
        CorpusView corpus = corpus(OLD, NEW);

        Answer both = InForce.withNotes(citing(NEW, OLD), corpus, TODAY, AnswerTexts.BUNDLED);
        Answer alone = InForce.withNotes(citing(OLD), corpus, TODAY, AnswerTexts.BUNDLED);

        assertThat(both.text()).endsWith("\n[2] 该文件已被《甲县灵活就业补贴实施办法》替代，现行规定见[1]。");
        assertThat(alone.text()).endsWith("\n[1] 该文件已被《甲县灵活就业补贴实施办法》替代。");
        assertThat(alone.citations()).isEqualTo(citing(OLD).citations());
    }

    @Test
    void should_say_when_a_cited_document_lapsed_or_when_it_takes_effect() {
        CorpusView corpus = corpus(LAPSED, COMING, GUIDE);

        assertThat(InForce.withNotes(citing(GUIDE, LAPSED), corpus, TODAY, AnswerTexts.BUNDLED).text())
                .endsWith("[2]\n[2] 该文件已于2024年12月31日失效。");
        assertThat(InForce.withNotes(citing(COMING), corpus, TODAY, AnswerTexts.BUNDLED).text())
                .endsWith("\n[1] 该文件自2026年1月1日起施行，目前尚未生效。");
        Answer inForce = citing(GUIDE);
        assertThat(InForce.withNotes(inForce, corpus, TODAY, AnswerTexts.BUNDLED)).isSameAs(inForce);
    }

    @Test
    void should_point_an_expired_document_to_the_cited_one_that_repeals_it() {
        // given: the old one lapsed and the new one names it among those it repeals, with no superseded_by
        Article lapsedOld = article("old", "甲县灵活就业补贴办法", new Validity(Optional.empty(),
                Optional.of(LocalDate.of(2023, 12, 31)), List.of(), List.of()));
        CorpusView corpus = corpus(lapsedOld, NEW);

        assertThat(InForce.withNotes(citing(lapsedOld, NEW), corpus, TODAY, AnswerTexts.BUNDLED).text())
                .endsWith("\n[1] 该文件已于2023年12月31日失效，现行规定见[2]。");
    }
}
