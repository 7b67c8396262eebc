package org.policybot.bot.llm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What is cut from a model's reply before its citations are checked. */
class ModelReplyTest {

    @Test
    void should_drop_the_thinking_of_a_reasoning_model() {
        assertThat(ModelReply.clean("<think>用户问电话，段落[2]有。</think>\n\n维权电话是5412333[1]。")).isEqualTo("维权电话是5412333[1]。");
    }

    @Test
    void should_leave_nothing_when_the_thinking_never_ends() {
        assertThat(ModelReply.clean("<think>先看段落[1]，再看")).isEmpty();
    }

    @Test
    void should_drop_the_models_own_source_list_and_label() {
        String reply = "维权电话是5412333[1]。\n\n**参考来源：**\n[1] 《欠薪维权》\n" + LangChainAnswerer.LABEL;

        assertThat(ModelReply.clean(reply)).isEqualTo("维权电话是5412333[1]。");
    }

    @Test
    void should_keep_a_sentence_that_merely_mentions_a_source() {
        assertThat(ModelReply.clean("资金来源于财政补贴[1]。")).isEqualTo("资金来源于财政补贴[1]。");
    }
}
