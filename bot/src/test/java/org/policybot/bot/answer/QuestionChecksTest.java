package org.policybot.bot.answer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.policybot.retrieval.ingest.Passage;
import org.policybot.retrieval.search.Lexicon;
import org.policybot.retrieval.search.QueryUnderstanding;
import org.policybot.retrieval.search.UnderstoodQuery;
import org.policybot.retrieval.search.Vocabulary;

/** The asked-action check on made-up sentences: no index, no articles of the bundled corpus. */
class QuestionChecksTest {

    private static final List<String> PASSAGES = List.of(
            "失业保险关系的接续按离职时间分为两种情况，办理方式不同。",
            "失业保险金按月发放到本人社会保障卡。",
            "公积金账户转移后，原单位不再为职工缴存。");
    private static final Vocabulary VOCABULARY = Vocabulary.of(List.of(), PASSAGES.stream()
            .map(t -> new Passage("p" + PASSAGES.indexOf(t), "a", "标题", Optional.empty(), "", "", t, 0, 1)).toList());
    private static final QueryUnderstanding UNDERSTANDING = new QueryUnderstanding(Lexicon.bundled(), VOCABULARY);

    private static UnderstoodQuery q(String question) {
        return UNDERSTANDING.understand(question, List.of());
    }

    @Test
    void should_find_a_compound_action_by_any_of_the_question_s_own_words_it_is_made_of() {
        UnderstoodQuery asked = q("失业保险关系怎么转移接续？");

        assertThat(QuestionChecks.askedActionFound(asked, PASSAGES.get(0))).as("接续 of 转移接续").isTrue();
        assertThat(QuestionChecks.askedActionFound(asked, PASSAGES.get(2))).as("转移 of 转移接续").isTrue();
        assertThat(QuestionChecks.askedActionFound(asked, PASSAGES.get(1))).as("neither part").isFalse();
    }

    @Test
    void should_still_miss_an_action_the_evidence_does_not_name() {
        assertThat(QuestionChecks.askedActionFound(q("失业保险金怎么申领？"), PASSAGES.get(1))).isFalse();
        assertThat(QuestionChecks.askedActionFound(q("失业保险金怎么发放？"), PASSAGES.get(1))).isTrue();
    }
}
