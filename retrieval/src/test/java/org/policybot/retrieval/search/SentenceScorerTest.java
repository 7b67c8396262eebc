package org.policybot.retrieval.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.policybot.retrieval.ingest.Passage;

/** The sentence scorer on a made-up vocabulary: no index, no articles of the bundled corpus. */
class SentenceScorerTest {

    private static final List<String> PASSAGES = List.of(
            "公积金贷款额度最高为六十万元，首付比例不低于百分之二十。",
            "申请公积金贷款需携带身份证、婚姻证明和购房合同，到住房公积金管理中心办理。",
            "城市绿道全长四十公里，沿线设有十二处驿站。",
            "驿站开放时间为每天早上六点至晚上十点。");
    private static final Vocabulary VOCABULARY = Vocabulary.of(List.of(), PASSAGES.stream()
            .map(t -> new Passage("p" + PASSAGES.indexOf(t), "a", "标题", Optional.empty(), "", "", t, 0, 1)).toList());
    private static final QueryUnderstanding UNDERSTANDING = new QueryUnderstanding(Lexicon.bundled(), VOCABULARY);

    private static SentenceScorer scorer(String question) {
        return new SentenceScorer(UNDERSTANDING.understand(question, List.of()), VOCABULARY);
    }

    @Test
    void should_cover_more_of_the_question_with_the_sentence_that_states_it() {
        SentenceScorer s = scorer("公积金贷款要带什么材料");

        double materials = s.coverage(PASSAGES.get(1));
        double amount = s.coverage(PASSAGES.get(0));
        double unrelated = s.coverage(PASSAGES.get(2));

        assertThat(materials).isGreaterThan(amount);
        assertThat(amount).isGreaterThan(unrelated);
        assertThat(unrelated).isZero();
    }

    @Test
    void should_see_the_asked_kind_of_answer_only_in_a_sentence_that_gives_one() {
        SentenceScorer s = scorer("驿站几点开门");

        assertThat(s.score(PASSAGES.get(3)).answerType()).as("a time of day").isTrue();
        assertThat(s.score(PASSAGES.get(2)).answerType()).as("distances and counts, no time").isFalse();
    }

    @Test
    void should_report_a_topic_the_corpus_never_mentions_as_missing() {
        SentenceScorer known = scorer("公积金贷款额度是多少");
        SentenceScorer unknown = scorer("医保报销比例是多少");

        assertThat(known.absentTopicShare()).isZero();
        assertThat(unknown.absentTopicShare()).isPositive();
        assertThat(unknown.missing(PASSAGES.get(0))).isNotEmpty();
    }
}
