package org.policybot.retrieval.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PinyinReaderTest {

    private final PinyinReader reader = new PinyinReader(
            Map.of("养老", 9, "保险", 12, "退役", 5, "推移", 1, "军人", 4, "接续", 3), Set.of("怎么", "多少"));

    @Test
    void should_tell_pinyin_from_other_latin_words() {
        assertThat(PinyinReader.isPinyin("yanglao")).isTrue();
        assertThat(PinyinReader.isPinyin("jiexu")).isTrue();
        assertThat(PinyinReader.isPinyin("the")).isFalse();
        assertThat(PinyinReader.isPinyin("sb")).isFalse();
        assertThat(PinyinReader.isPinyin("pension")).isFalse();
    }

    @Test
    void should_read_a_pinyin_question_as_the_corpus_words_it_spells() {
        // "tuiyi" reads as both 退役 and 推移: the corpus's more frequent word wins.
        assertThat(reader.toHanzi("tuiyi junren yanglao baoxian zenme jiexu")).isEqualTo("退役 军人 养老 保险 怎么 接续");
    }

    @Test
    void should_join_syllables_typed_apart() {
        assertThat(reader.toHanzi("yang lao bao xian")).isEqualTo("养老 保险");
    }

    @Test
    void should_leave_a_question_alone_when_any_latin_word_is_not_pinyin() {
        assertThat(reader.toHanzi("yanglao pension")).isEqualTo("yanglao pension");
        assertThat(reader.toHanzi("sb转移")).isEqualTo("sb转移");
        assertThat(reader.toHanzi("养老保险怎么转")).isEqualTo("养老保险怎么转");
    }

    @Test
    void should_keep_pinyin_it_cannot_read() {
        assertThat(reader.toHanzi("yanglao zhongguo")).isEqualTo("养老 zhongguo");
    }
}
