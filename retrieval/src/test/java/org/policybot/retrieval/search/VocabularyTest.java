package org.policybot.retrieval.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.policybot.retrieval.ingest.Passage;

/**
 * The vocabulary is read from the passages on every core, a block at a time, and counted in
 * passage order: what the first passage says wins, whichever block and thread read it.
 */
class VocabularyTest {

    static Passage passage(int i, String text) {
        return new Passage("p" + i, "a" + (i / 10), "", Optional.empty(), "f.txt", "", text, i % 10, 1);
    }

    @Test
    void should_count_every_block_and_let_the_first_passage_in_order_win() {
        // given: more than two blocks of made-up passages; two names that read alike, a name
        // introduced twice in one block, and one first in the second block and again in the third
        int n = 2 * Vocabulary.BLOCK + 7;
        int first = Vocabulary.BLOCK + 1;
        int again = 2 * Vocabulary.BLOCK + 3;
        List<Passage> passages = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String text = "禾丰县第" + i + "号便民服务站发放取暖补贴。";
            if (i == first) {
                text = "禾丰县民政局局长章伟介绍，取暖补贴每户每月一百五十元。";
            } else if (i == 5 || i == Vocabulary.BLOCK - 5) {
                text = "禾丰县人社局局长刘晖表示，第" + i + "号服务站取暖补贴已发放。";
            } else if (i == again) {
                text = "记者章伟报道，取暖补贴已经发放。禾丰县书记张伟强调，取暖补贴要按时发放。";
            }
            passages.add(passage(i, text));
        }

        // when
        Vocabulary v = Vocabulary.of(List.of(), passages);

        // then: every passage is counted once
        assertThat(v.documentFrequencies().get("补贴")).isEqualTo(n);
        assertThat(v.bigramFrequency("补贴")).isEqualTo(n + 1);
        // the introduction is the first passage's, and the reading goes to the first name that has it
        assertThat(v.introductionOf("章伟")).contains("p" + first);
        assertThat(v.introductionOf("刘晖")).as("two passages of one block").contains("p5");
        assertThat(v.nameForPinyin("zhangwei")).isEqualTo("章伟");
        assertThat(v.isName("张伟")).isTrue();
        assertThat(v.places().names()).contains("禾丰");
    }
}
