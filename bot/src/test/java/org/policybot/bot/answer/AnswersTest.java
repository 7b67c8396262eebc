package org.policybot.bot.answer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.policybot.retrieval.ingest.Passage;

/** How chosen sentences become numbered citations. */
class AnswersTest {

    static final Passage PASSAGE = new Passage("p1", "a1", "标题", Optional.empty(), "a.txt", "",
            "第一句完整的话。第二句完整的话。第三句完整的话。", 0, 1);

    static Composition.Piece piece(String sentence, int index, String quote) {
        return new Composition.Piece("", sentence, PASSAGE, index, quote);
    }

    @Test
    void should_share_one_citation_between_sentences_that_follow_each_other() {
        Answer a = Answers.of(AnswerTexts.BUNDLED, "问题", new Composition("", List.of(
                piece("第一句完整的话。", 1, "第一句完整的话。"),
                piece("第二句完整的话。", 2, "第二句完整的话。")), false, "", 0.9));

        assertThat(a.citations()).hasSize(1);
        assertThat(a.citations().get(0).quote()).isEqualTo("第一句完整的话。第二句完整的话。");
        assertThat(a.text()).isEqualTo("第一句完整的话。[1]第二句完整的话。[1]");
    }

    @Test
    void should_not_continue_a_partial_quote_with_the_next_sentence() {
        // given: the first sentence was joined across another article; only its end is verbatim
        Answer a = Answers.of(AnswerTexts.BUNDLED, "问题", new Composition("", List.of(
                piece("插入的文字第一句完整的话。", 1, "第一句完整的话。"),
                piece("第二句完整的话。", 2, "第二句完整的话。")), false, "", 0.9));

        assertThat(a.citations()).extracting(Citation::quote).containsExactly("第一句完整的话。", "第二句完整的话。");
        assertThat(a.text()).endsWith("[1]第二句完整的话。[2]");
    }

    @Test
    void should_not_join_sentences_that_do_not_follow_each_other() {
        Answer a = Answers.of(AnswerTexts.BUNDLED, "问题", new Composition("", List.of(
                piece("第一句完整的话。", 1, "第一句完整的话。"),
                piece("第三句完整的话。", 3, "第三句完整的话。")), false, "", 0.9));

        assertThat(a.citations()).hasSize(2);
    }
}
