package org.policybot.retrieval.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.policybot.retrieval.ingest.Article;
import org.policybot.retrieval.ingest.Passage;

class PlacesTest {

    private static Vocabulary corpus(String... texts) {
        List<Passage> passages = new java.util.ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            passages.add(new Passage("p" + i, "a" + i, "标题", Optional.empty(), "", "", texts[i], 0, 1));
        }
        return Vocabulary.of(List.<Article>of(), passages);
    }

    @Test
    void should_find_the_places_a_corpus_names_before_shi_sheng_or_xian() {
        Vocabulary v = corpus("甲川市民政局发布通知，甲川市老人可以领取补贴。", "乙岭县的标准不同，乙岭县今年起调整。",
                "全市统一办理，本市户籍优先，各省情况不一。", "到城市里去，超市门口排队。");

        assertThat(v.places().names()).contains("甲川", "乙岭").doesNotContain("全", "本", "各", "城", "超");
    }

    @Test
    void should_take_each_part_of_a_region_the_metadata_declares_as_a_place() {
        Article filed = new Article("a1", "a.txt", 1, "缴费指南", "", "", Optional.empty(), "", List.of())
                .withMetadata("缴费指南", Optional.empty(), "", java.util.Map.of("region", "癸原省辛川市"));
        Article plain = new Article("a2", "b.txt", 1, "乙岭县办事指南", "", "", Optional.empty(), "", List.of())
                .withMetadata("乙岭县办事指南", Optional.empty(), "", java.util.Map.of("region", "丙坪"));

        Places places = Places.of(List.of(filed, plain), List.of());

        assertThat(places.names()).contains("癸原", "辛川", "丙坪").doesNotContain("癸原省辛川");
    }

    @Test
    void should_see_whether_a_text_names_the_place_a_question_asks_about() {
        Vocabulary v = corpus("甲川市民政局发布通知，甲川市老人可以领取补贴。", "乙岭县的标准不同，乙岭县今年起调整。");
        Places places = v.places();
        List<String> asked = places.in("乙岭的老人补贴一个月多少");

        assertThat(asked).containsExactly("乙岭");
        assertThat(places.agreement(asked, "乙岭县补贴标准：每月200元").match()).isEqualTo(1.0);
        assertThat(places.agreement(asked, "甲川市补贴标准：每月300元").conflict()).isTrue();
        assertThat(places.agreement(asked, "补贴标准：每月300元").conflict()).isFalse();
        assertThat(places.agreement(List.of(), "甲川市补贴标准")).isEqualTo(Places.Agreement.NONE);
    }

    @Test
    void should_take_the_places_of_the_last_turn_for_a_follow_up_that_names_none() {
        Vocabulary v = corpus("甲川市民政局发布通知，甲川市老人可以领取补贴。", "乙岭县的标准不同，乙岭县今年起调整。");
        UnderstoodQuery q = new QueryUnderstanding(Lexicon.bundled(), v).understand("那要带什么材料？", List.of("乙岭的补贴怎么申请"));

        assertThat(v.places().asked(q)).containsExactly("乙岭");
    }
}
