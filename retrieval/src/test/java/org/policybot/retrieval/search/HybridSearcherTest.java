package org.policybot.retrieval.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.policybot.retrieval.BundledArticles;
import org.policybot.retrieval.index.IndexService;
import org.policybot.retrieval.index.LiveIndex;
import org.policybot.retrieval.ingest.Chunker;
import org.policybot.retrieval.text.ChineseText;

/** The search contract and query understanding, on the real index of the bundled articles. */
@Tag("bundled-corpus")
class HybridSearcherTest {

    @TempDir
    static Path data;

    static IndexService service;
    static HybridSearcher searcher;

    @BeforeAll
    static void index() {
        service = new IndexService(BundledArticles.dir(), data.resolve("index"), data.resolve("vectors.bin"), Optional::empty,
                new Chunker());
        LiveIndex live = service.ensureFresh();
        searcher = new HybridSearcher(live, Lexicon.bundled(), Optional.empty(), HybridSearcher.Options.defaults(false));
    }

    @AfterAll
    static void close() {
        service.close();
    }

    static String top(String q, int k) {
        StringBuilder sb = new StringBuilder();
        searcher.search(q, k).hits().forEach(h -> sb.append(ChineseText.compact(h.passage().text())).append('\n'));
        return sb.toString();
    }

    @Nested
    class Contract {
        @Test
        void should_return_at_most_k_hits_ranked_from_one_with_their_passage_fields() {
            SearchResult r = searcher.search("退役军人养老保险关系转移", 3);

            assertThat(r.hits()).hasSize(3);
            assertThat(r.hits()).extracting(Hit::rank).containsExactly(1, 2, 3);
            assertThat(r.hits().get(0).score()).isGreaterThanOrEqualTo(r.hits().get(2).score());
            r.hits().forEach(h -> {
                assertThat(h.passage().id()).isNotBlank();
                assertThat(h.passage().title()).isNotBlank();
                assertThat(h.passage().file()).endsWith(".txt");
                assertThat(h.passage().text()).isNotBlank();
            });
        }

        @Test
        void should_keep_the_original_characters_in_passage_text() {
            String text = searcher.search("新能源汽车出口", 5).hits().stream().map(h -> h.passage().text())
                    .filter(t -> t.contains("261.5")).findFirst().orElseThrow();

            assertThat(text).contains("新能源汽车出口达 261.5 万辆");
        }
    }

    @Nested
    class BadInput {
        @ParameterizedTest
        @ValueSource(strings = {"", "   ", "\u0000\u0007", "😀😀", "\"*:(", "?", "[]{}~^\\/"})
        void should_find_nothing_without_failing_for_a_query_of_no_words(String q) {
            SearchResult r = searcher.search(q, 5);

            assertThat(r.hits()).isEmpty();
        }

        @Test
        void should_read_query_syntax_words_as_plain_words() {
            SearchResult r = searcher.search("AND OR NOT 养老保险", 5);

            assertThat(r.hits()).isNotEmpty();
            assertThat(r.hits().get(0).passage().text()).contains("养老保险");
        }

        @Test
        void should_search_a_ten_thousand_character_query() {
            String q = "养老保险关系转移".repeat(1250);

            assertThat(searcher.search(q, 5).hits()).isNotEmpty();
        }

        @Test
        void should_find_nothing_for_a_query_of_punctuation_only() {
            assertThat(searcher.search("？？！！。。", 5).hits()).isEmpty();
        }
    }

    @Nested
    class QueryUnderstandingOnTheCorpus {
        @Test
        void should_fold_traditional_characters() {
            assertThat(top("退役軍人養老保險關係轉移接續", 5)).contains("退役军人基本养老保险关系的接续");
        }

        @Test
        void should_correct_a_homophone_typo_against_the_corpus() {
            UnderstoodQuery q = searcher.search("养老保显转移", 5).query();

            assertThat(q.normalized()).contains("养老保险");
            assertThat(top("养老保显转移", 5)).contains("养老保险关系转移");
        }

        @Test
        void should_not_turn_a_real_word_the_corpus_lacks_into_a_corpus_word() {
            assertThat(searcher.search("公积金怎么转", 5).query().normalized()).contains("公积金");
        }

        @Test
        void should_expand_colloquial_words_with_synonyms() {
            assertThat(top("我当兵复员的，养老保险咋弄", 5)).contains("退役");
        }

        @Test
        void should_translate_english_words_through_the_glossary() {
            assertThat(top("Nature Index science cities", 5)).contains("自然指数");
        }

        @Test
        void should_match_a_pinyin_name_to_the_author() {
            UnderstoodQuery q = searcher.search("Liu Dongmei article", 5).query();

            assertThat(q.terms()).extracting(QueryTerm::text).contains("刘冬梅");
        }

        @Test
        void should_expand_a_pinyin_abbreviation() {
            assertThat(searcher.search("sb转移", 5).query().terms()).extracting(QueryTerm::text).contains("社保");
        }

        @Test
        void should_use_the_earlier_question_for_a_follow_up() {
            SearchResult r = searcher.search("那去年建了多少座？", List.of("天津今年打算改造多少个口袋公园"), 5);

            assertThat(r.hits().get(0).passage().title()).contains("口袋公园");
        }

        @Test
        void should_classify_the_answer_type_from_the_question_word() {
            assertThat(searcher.search("12333电话多少", 1).query().answerType()).isEqualTo(UnderstoodQuery.AnswerType.PHONE);
            assertThat(searcher.search("要几个工作日", 1).query().answerType()).isEqualTo(UnderstoodQuery.AnswerType.DURATION);
            assertThat(searcher.search("退役后养老保险要自己办吗", 1).query().answerType()).isEqualTo(UnderstoodQuery.AnswerType.YES_NO);
            assertThat(searcher.search("当兵那几年算不算缴费年限", 1).query().answerType()).isEqualTo(UnderstoodQuery.AnswerType.YES_NO);
            assertThat(searcher.search("收了多少份简历", 1).query().answerType()).isEqualTo(UnderstoodQuery.AnswerType.COUNT);
            assertThat(searcher.search("社保转移要多少个工作日", 1).query().answerType()).isEqualTo(UnderstoodQuery.AnswerType.DURATION);
            assertThat(searcher.search("12333热线几点上班", 1).query().answerType()).isEqualTo(UnderstoodQuery.AnswerType.TIME);
            assertThat(searcher.search("这篇讲了哪几点", 1).query().answerType()).isNotEqualTo(UnderstoodQuery.AnswerType.TIME);
            assertThat(searcher.search("多交的钱谁来退", 1).query().answerType()).isEqualTo(UnderstoodQuery.AnswerType.WHICH);
            assertThat(searcher.search("杜玲是谁", 1).query().answerType()).isEqualTo(UnderstoodQuery.AnswerType.PERSON);
        }

        @Test
        void should_read_a_question_typed_in_pinyin() {
            UnderstoodQuery q = searcher.search("tuiyi junren yanglao baoxian zenme jiexu", 5).query();

            assertThat(q.normalized()).contains("退役").contains("养老").contains("接续");
            assertThat(q.answerType()).isEqualTo(UnderstoodQuery.AnswerType.HOW);
        }

        @Test
        void should_read_an_english_question_about_doing_something_as_a_fact_question_not_a_summary() {
            UnderstoodQuery q = searcher.search("I left the army in June 2012, what should I do about my pension", 5).query();

            assertThat(q.intent()).isEqualTo(UnderstoodQuery.Intent.FACT);
            assertThat(q.dates()).singleElement().satisfies(d -> assertThat(d.first()).isEqualTo(java.time.LocalDate.of(2012, 6, 1)));
            assertThat(searcher.search("what is the article on AI governance about", 5).query().intent())
                    .isEqualTo(UnderstoodQuery.Intent.SUMMARY);
        }

        @Test
        void should_not_correct_numerals_or_pronouns_as_typos() {
            String normalized = searcher.search("我是零八年当兵一四年退的", 5).query().normalized();

            assertThat(normalized).startsWith("我是").contains("2008年").contains("2014年").doesNotContain("仪式");
        }

        @Test
        void should_keep_a_name_the_segmenter_splits_together_when_the_corpus_names_that_person() {
            // "本报记者 杜 玲" in a byline; the segmenter reads the name as two characters.
            assertThat(searcher.search("杜玲是谁", 5).query().terms()).extracting(QueryTerm::text).contains("杜玲");
        }

        @Test
        void should_not_find_a_synonym_key_inside_a_longer_word() {
            assertThat(searcher.search("社保转移要多少个工作日", 5).query().terms()).extracting(QueryTerm::text)
                    .contains("工作日").doesNotContain("工作", "上班");
            assertThat(searcher.search("12333热线几点上班", 5).query().terms()).extracting(QueryTerm::text).contains("上班");
        }

        @Test
        void should_not_take_the_people_the_asker_speaks_for_as_the_topic() {
            assertThat(searcher.search("我老公和他哥哥的养老保险", 5).query().terms()).extracting(QueryTerm::text)
                    .contains("养老保险").doesNotContain("老公", "哥哥");
        }
    }

    @Nested
    class Summaries {
        @Test
        void should_return_the_lead_and_section_openings_of_the_article_asked_about() {
            SearchResult r = searcher.search("总结一下讲科技成果转化的那篇新华社稿", 5);

            assertThat(r.query().intent()).isEqualTo(UnderstoodQuery.Intent.SUMMARY);
            assertThat(r.hits()).extracting(h -> h.passage().articleId()).containsOnly(r.hits().get(0).passage().articleId());
            assertThat(r.hits().get(0).passage().position()).isZero();
            assertThat(r.hits().get(0).passage().title()).isEqualTo("“创新链”遇见“产业链”");
        }
    }

    @Test
    void should_rank_the_sentence_with_the_asked_figure_and_year_first() {
        String first = ChineseText.compact(searcher.search("2024年基础研究经费有多少", 1).hits().get(0).passage().text());

        assertThat(first).contains("2024年，我国基础研究经费达2497亿元");
    }
}
