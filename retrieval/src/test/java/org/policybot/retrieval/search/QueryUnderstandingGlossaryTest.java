package org.policybot.retrieval.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.policybot.retrieval.ingest.Passage;
import org.policybot.retrieval.text.ChineseText;

/**
 * The English glossary ({@code en-zh.tsv}), the pinyin abbreviations ({@code abbreviations.tsv})
 * and places typed in pinyin, each read on a made-up question over a small made-up corpus.
 */
class QueryUnderstandingGlossaryTest {

    private static final List<String> PASSAGES = List.of(
            "甲川市公共租赁住房申请指南：甲川市户籍家庭人均月收入低于标准的，可以向街道提出申请。",
            "居民在外地住院的，医疗费用按规定报销，起付标准和支付比例以当地通知为准。",
            "高龄津贴按月发放，年满八十周岁的老年人可以申领。");
    private static final Lexicon LEXICON = Lexicon.bundled();
    private static final QueryUnderstanding UNDERSTANDING = understanding(PASSAGES);

    /**
     * Made-up questions around a key; the punctuation keeps the key apart from its neighbours,
     * so the row is read on its own and not as part of a longer phrase.
     */
    private static final List<String> QUESTIONS = List.of(
            "Quick question: %s?",
            "Hello, I need some help with this: %s. Thanks!",
            "Sorry to bother you — %s — what should I prepare?");

    /** One row of a data file: its line number, key and Chinese terms. */
    record Row(int line, String key, List<String> terms) {
        @Override
        public String toString() {
            return line + ": " + key;
        }
    }

    static Stream<Row> glossary() throws IOException {
        return rows("policybot/en-zh.tsv").stream();
    }

    static Stream<Row> abbreviations() throws IOException {
        return rows("policybot/abbreviations.tsv").stream();
    }

    private static List<Row> rows(String resource) throws IOException {
        List<Row> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                QueryUnderstandingGlossaryTest.class.getClassLoader().getResourceAsStream(resource), StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\t");
                assertThat(parts).as("%s line %d: key, a tab, terms", resource, n).hasSize(2);
                out.add(new Row(n, parts[0], Arrays.stream(parts[1].split("\\s+")).filter(s -> !s.isBlank()).toList()));
            }
        }
        return out;
    }

    private static QueryUnderstanding understanding(List<String> passages) {
        Vocabulary vocabulary = Vocabulary.of(List.of(), passages.stream()
                .map(t -> new Passage("p" + passages.indexOf(t), "a", "标题", Optional.empty(), "", "", t, 0, 1)).toList());
        return new QueryUnderstanding(LEXICON, vocabulary);
    }

    /** The words a Latin key is looked up by ("driver's license" as "driver license"). */
    private static String lookedUp(String key) {
        return String.join(" ", Arrays.stream(key.strip().split("\\s+")).map(Lexicon::englishWord).toList());
    }

    private static List<String> translations(UnderstoodQuery q, String concept) {
        return q.terms().stream().filter(t -> t.source() == QueryTerm.Source.TRANSLATION && t.concept().equals(concept))
                .map(QueryTerm::text).toList();
    }

    private static List<String> translations(UnderstoodQuery q) {
        return q.terms().stream().filter(t -> t.source() == QueryTerm.Source.TRANSLATION).map(QueryTerm::text).toList();
    }

    /** The row's terms a question keeps: terms that are question stopwords ("多少") carry no topic and are dropped. */
    private static List<String> kept(Row row) {
        return row.terms().stream().map(ChineseText::fold).filter(t -> !LEXICON.isStopword(t)).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("glossary")
    void should_translate_every_glossary_row_as_one_phrase_in_a_question(Row row) {
        String question = String.format(QUESTIONS.get(row.line() % QUESTIONS.size()), row.key());

        UnderstoodQuery q = UNDERSTANDING.understand(question, List.of());

        String key = lookedUp(row.key());
        assertThat(translations(q, key)).as(question).containsAll(kept(row));
        List<String> words = Arrays.asList(key.split(" "));
        assertThat(q.terms()).as("%s: no part of the key is read as a row of its own", question)
                .noneMatch(t -> t.source() == QueryTerm.Source.TRANSLATION && !t.concept().equals(key)
                        && words.containsAll(Arrays.asList(t.concept().split(" "))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("abbreviations")
    void should_expand_every_pinyin_abbreviation_in_a_question(Row row) {
        String question = String.format(QUESTIONS.get(row.line() % QUESTIONS.size()), row.key());

        UnderstoodQuery q = UNDERSTANDING.understand(question, List.of());

        assertThat(translations(q, row.key())).as(question).containsAll(kept(row));
    }

    @Test
    void should_keep_the_glossary_in_lower_case_with_one_row_per_key() throws IOException {
        Map<String, Integer> seen = new HashMap<>();
        for (Row row : rows("policybot/en-zh.tsv")) {
            assertThat(row.key()).as("line %d", row.line()).isEqualTo(row.key().toLowerCase()).isEqualTo(row.key().strip());
            assertThat(seen.put(lookedUp(row.key()), row.line())).as("line %d repeats a key", row.line()).isNull();
        }
    }

    @Test
    void should_not_give_an_abbreviation_that_is_an_english_word_of_the_glossary() throws IOException {
        for (Row row : rows("policybot/abbreviations.tsv")) {
            assertThat(LEXICON.english(row.key())).as("line %d: %s", row.line(), row.key()).isEmpty();
            assertThat(PinyinReader.isPinyin(row.key())).as("line %d: %s reads as pinyin", row.line(), row.key()).isFalse();
        }
    }

    @Test
    void should_prefer_the_longest_phrase_over_its_words() {
        UnderstoodQuery q = UNDERSTANDING.understand("How do I apply for public rental housing here?", List.of());

        assertThat(translations(q, "public rental housing")).contains("公租房", "公共租赁住房");
        assertThat(translations(q)).doesNotContain("住房");
        assertThat(translations(UNDERSTANDING.understand("Is there help with housing?", List.of()))).contains("住房");
    }

    @Test
    void should_read_plurals_and_possessives_as_the_rows_they_fold_to() {
        assertThat(translations(UNDERSTANDING.understand("what subsidies can I get", List.of()))).contains("补贴");
        assertThat(translations(UNDERSTANDING.understand("which taxes apply", List.of()))).contains("税收");
        assertThat(translations(UNDERSTANDING.understand("Where do I renew my driver’s license?", List.of())))
                .contains("驾驶证", "换领");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Could you summarise Jiachuan's notice on housing?", "jiachuan public rental housing",
            "What does Jia Chuan say about rent?", "JIACHUAN city rules", "jiachuan shi rules"})
    void should_read_a_place_typed_in_pinyin_as_the_place_the_corpus_names(String question) {
        UnderstoodQuery q = UNDERSTANDING.understand(question, List.of());

        assertThat(translations(q)).contains("甲川");
        assertThat(q.terms()).extracting(QueryTerm::text).doesNotContain("jiachuan", "jia", "chuan");
    }

    @Test
    void should_read_a_question_typed_all_in_pinyin_with_the_corpus_place() {
        UnderstoodQuery q = UNDERSTANDING.understand("jiachuan gonggong zulin zhufang", List.of());

        assertThat(q.normalized()).contains("甲川");
    }

    @Test
    void should_not_read_pinyin_as_a_place_the_corpus_does_not_name() {
        QueryUnderstanding elsewhere = understanding(List.of("乙岭县公共租赁住房申请指南：乙岭县户籍家庭可以申请。", "乙岭县今年起调整。"));

        UnderstoodQuery q = elsewhere.understand("Could you summarise Jiachuan's notice on housing?", List.of());

        assertThat(translations(q)).doesNotContain("甲川");
        assertThat(q.terms()).extracting(QueryTerm::text).contains("jiachuan");
        assertThat(translations(elsewhere.understand("Could you summarise Yiling's notice?", List.of()))).contains("乙岭");
    }

    @Test
    void should_count_a_place_typed_in_pinyin_as_a_place_the_question_asks_about() {
        Vocabulary vocabulary = Vocabulary.of(List.of(), PASSAGES.stream()
                .map(t -> new Passage("p" + PASSAGES.indexOf(t), "a", "标题", Optional.empty(), "", "", t, 0, 1)).toList());
        UnderstoodQuery q = new QueryUnderstanding(LEXICON, vocabulary).understand("Nanping or Jiachuan rent?", List.of());

        assertThat(vocabulary.places().asked(q)).containsExactly("甲川");
    }
}
