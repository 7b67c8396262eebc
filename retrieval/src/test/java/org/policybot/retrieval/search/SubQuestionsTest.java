package org.policybot.retrieval.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SubQuestionsTest {

    @Test
    void should_split_a_question_that_asks_two_things() {
        assertThat(SubQuestions.split("香港那对熊猫龙凤胎是哪天生的？啥时候开始给游客看"))
                .containsExactly("香港那对熊猫龙凤胎是哪天生的", "啥时候开始给游客看");
        assertThat(SubQuestions.split("申报的是什么岗位，拿到了多少科研经费？"))
                .containsExactly("申报的是什么岗位", "拿到了多少科研经费");
    }

    @Test
    void should_keep_a_single_question_whole_and_skip_statements() {
        assertThat(SubQuestions.split("我是2024年2月29号退役的，接续要不要自己去办")).containsExactly("接续要不要自己去办");
        assertThat(SubQuestions.split("社保转移怎么办")).containsExactly("社保转移怎么办");
    }
}
