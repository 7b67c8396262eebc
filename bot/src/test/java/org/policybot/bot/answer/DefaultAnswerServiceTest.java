package org.policybot.bot.answer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.TestSettings;
import org.policybot.bot.store.ConversationStore;
import org.policybot.bot.store.Database;
import org.policybot.config.Settings;
import org.policybot.retrieval.Retrieval;
import org.policybot.retrieval.text.ChineseText;

/** The answer service over the real index of the bundled articles, with vectors, as the product runs. */
@Tag("bundled-corpus")
class DefaultAnswerServiceTest {

    @TempDir
    static Path data;

    static Retrieval retrieval;
    static Database db;
    static DefaultAnswerService service;
    static SourceTexts sources;

    @BeforeAll
    static void buildIndex() {
        Settings settings = TestSettings.withVectors(data);
        retrieval = new Retrieval(settings);
        retrieval.searcher();
        TestSettings.keepVectors(data);
        db = Database.open(settings.database());
        ConversationStore conversations = new ConversationStore(db, Clock.systemUTC(), 6, Duration.ofMinutes(30));
        // "去年" and "前年" are read against this day.
        Clock today = Clock.fixed(java.time.Instant.parse("2026-11-23T10:00:00Z"), java.time.ZoneOffset.UTC);
        service = new DefaultAnswerService(retrieval.searcher(), Optional.empty(), conversations, settings.articlesDir(), today);
        sources = SourceTexts.load(settings.articlesDir());
    }

    @AfterAll
    static void close() {
        db.close();
        retrieval.close();
    }

    static Answer ask(String q) {
        return service.answer(Question.of(q));
    }

    static String all(Answer a) {
        StringBuilder sb = new StringBuilder(ChineseText.compact(a.text()));
        a.citations().forEach(c -> sb.append(ChineseText.compact(c.quote())));
        return sb.toString();
    }

    @Nested
    class Dates {
        @Test
        void should_select_the_rule_whose_period_holds_a_two_digit_year() {
            Answer a = ask("我13年退伍的，养老保险关系要自己去接续吗？");

            assertThat(a.declined()).isFalse();
            assertThat(all(a)).contains("2012年7月1日至2024年2月29日期间退役的").contains("需由本人或安置单位");
            assertThat(all(a)).doesNotContain("2024年3月1日及以后退役的");
        }

        @Test
        void should_include_the_last_day_of_a_period() {
            Answer a = ask("我是2024年2月29号退役的，接续要不要自己去办");

            assertThat(all(a)).contains("2012年7月1日至2024年2月29日期间退役的");
        }

        @Test
        void should_move_to_the_next_rule_the_day_after() {
            Answer a = ask("2024年3月1日那天退的，养老保险怎么转");

            assertThat(all(a)).contains("2024年3月1日及以后退役的");
            assertThat(all(a)).doesNotContain("2012年7月1日至2024年2月29日期间退役的");
        }

        @Test
        void should_read_a_year_relative_to_today() {
            Answer a = ask("去年退役的兵哥哥社保要自己跑吗");

            assertThat(a.declined()).isFalse();
            assertThat(all(a)).contains("2024年3月1日及以后退役的").doesNotContain("2012年7月1日至2024年2月29日期间退役的");
        }

        @Test
        void should_read_years_in_chinese_numerals() {
            Answer a = ask("我是零八年当兵一四年退的 现在在老家 社保咋弄");

            assertThat(a.declined()).isFalse();
            assertThat(all(a)).contains("2012年7月1日至2024年2月29日期间退役的").doesNotContain("2024年3月1日及以后退役的");
        }

        @Test
        void should_give_both_rules_when_the_year_asked_about_spans_the_cut_off() {
            Answer a = ask("我爸是2024年退役的，需要去现场办吗");

            assertThat(all(a)).contains("2012年7月1日至2024年2月29日期间退役的").contains("2024年3月1日及以后退役的");
        }

        @Test
        void should_treat_a_year_before_the_first_cut_off_as_the_earliest_rule() {
            Answer a = ask("我爸98年复员的，当兵那几年算不算交过养老保险");

            assertThat(all(a)).contains("2012年7月1日前退役的");
        }
    }

    @Nested
    class Citations {
        @Test
        void should_quote_verbatim_and_number_citations_in_order() {
            Answer a = ask("焦作欠薪维权电话多少？");

            assertThat(a.declined()).isFalse();
            assertThat(a.citations()).isNotEmpty();
            assertThat(a.text()).contains("[1]");
            for (Citation c : a.citations()) {
                assertThat(sources.verbatim(c.file(), c.quote())).as(c.quote()).isTrue();
                assertThat(c.n()).isEqualTo(a.citations().indexOf(c) + 1);
            }
            assertThat(all(a)).contains("（0391）5412333");
        }

        @Test
        void should_quote_only_the_verbatim_part_of_a_sentence_repaired_across_an_interleaved_article() {
            Answer a = ask("2020年中国理工科(STEM)毕业生大概多少人");

            assertThat(all(a)).contains("专业的毕业生人数达到360万");
            for (Citation c : a.citations()) {
                assertThat(sources.verbatim(c.file(), c.quote())).as(c.quote()).isTrue();
            }
        }
    }

    @Nested
    class Declining {
        @Test
        void should_decline_a_topic_the_articles_never_mention_and_name_12333() {
            Answer a = ask("公积金换了城市能转过去吗，怎么转");

            assertThat(a.declined()).isTrue();
            assertThat(a.text()).contains("12333");
            assertThat(a.citations()).isEmpty();
        }

        @Test
        void should_not_answer_a_processing_time_the_articles_do_not_state() {
            assertThat(ask("养老保险关系转移一般要几个工作日才能办好").outcome()).isNotEqualTo(Answer.Outcome.ANSWERED);
        }

        @Test
        void should_not_answer_near_misses_that_share_only_the_words_of_the_question() {
            // A number of working days elsewhere, the hotline without its hours, flexible
            // employment without how to pay, another person with a similar name.
            // A lost veteran's certificate is never discussed, only the certificate itself.
            for (String q : List.of("社保转移一般要多少个工作日能办好", "12333热线几点上班", "灵活就业人员社保怎么交", "杜玲是谁",
                    "退伍证丢了怎么办")) {
                assertThat(ask(q).outcome()).as(q).isNotEqualTo(Answer.Outcome.ANSWERED);
            }
        }

        @Test
        void should_not_answer_when_the_thing_asked_about_is_missing_from_the_answer() {
            // Each shares its topic with a passage that never names what is asked: grades, a
            // ticket price, a subsidy, a fee.
            for (String q : List.of("城乡居民养老保险每年缴费档次有哪些", "中关村论坛门票多少钱", "退役军人创业有补贴吗",
                    "社保转移需要交手续费吗")) {
                assertThat(ask(q).outcome()).as(q).isNotEqualTo(Answer.Outcome.ANSWERED);
            }
        }

        @Test
        void should_answer_a_question_for_the_rules_without_the_word_rule_in_the_answer() {
            assertThat(ask("退役军人养老保险关系转移接续有哪些规定").declined()).isFalse();
            assertThat(ask("重复缴费有什么政策").declined()).isFalse();
        }

        @Test
        void should_accept_the_colloquial_name_of_the_thing_asked_about() {
            Answer a = ask("2024年4月退役的，还要跑社保局吗");

            assertThat(a.declined()).isFalse();
            assertThat(all(a)).contains("退役军人不跑腿");
        }

        @Test
        void should_not_answer_a_contribution_amount_the_articles_do_not_state() {
            assertThat(ask("城乡居民养老保险一年最少交多少").outcome()).isNotEqualTo(Answer.Outcome.ANSWERED);
        }
    }

    @Test
    void should_greet_back_instead_of_declining_a_greeting() {
        Answer a = ask("你好");

        assertThat(a.declined()).isFalse();
        assertThat(a.citations()).isEmpty();
        assertThat(a.text()).contains("您好");
    }

    @Nested
    class Facts {
        @Test
        void should_find_a_figure_in_a_latin_unit_and_a_date_given_as_part_of_a_month() {
            assertThat(all(ask("先进冷却技术水耗能降到多少"))).contains("1.4L/kWh");
            assertThat(all(ask("天津口袋公园什么时候动工"))).contains("预计3月底前动工");
        }

        @Test
        void should_find_a_figure_in_a_quote_whose_speaker_is_named_after_it() {
            Answer a = ask("龙佰集团招了多少技工");

            assertThat(a.declined()).isFalse();
            assertThat(all(a)).contains("一次性招了15名中级技工");
        }

        @Test
        void should_answer_what_a_term_means_with_its_definition() {
            Answer a = ask("新质生产力是什么意思");

            assertThat(a.declined()).isFalse();
            assertThat(all(a)).contains("新质生产力是创新起主导作用");
        }

        @Test
        void should_answer_what_to_do_about_unpaid_wages_in_the_asker_s_words() {
            Answer a = ask("工资被拖欠了怎么办");

            assertThat(a.declined()).isFalse();
            assertThat(all(a)).contains("二维码");
        }
    }

    @Nested
    class Conversation {
        @Test
        void should_resolve_a_follow_up_with_the_earlier_turn_of_the_same_conversation() {
            service.answer(new Question("我19年从部队退下来的，养老保险关系要自己接续吗", List.of(), "test:1", "u1"));

            Answer a = service.answer(new Question("具体去哪儿办？", List.of(), "test:1", "u1"));

            assertThat(all(a)).contains("前往安置地的养老保险经办机构现场办理关系接续手续");
        }

        @Test
        void should_answer_a_follow_up_asking_for_the_phone_number_with_one() {
            Answer a = service.answer(new Question("电话多少？", List.of("我2015年退伍的，养老保险怎么接续", "那要带什么材料？"), "", ""));

            assertThat(a.declined()).isFalse();
            assertThat(a.text()).contains("12333");
        }

        @Test
        void should_answer_where_someone_works_with_the_employer() {
            Answer a = service.answer(new Question("他在哪里上班？", List.of("高玉杰是谁"), "", ""));

            assertThat(a.declined()).isFalse();
            assertThat(all(a)).contains("被郑州一家物流公司录用");
        }

        @Test
        void should_use_explicit_context_the_same_way() {
            Answer a = service.answer(new Question("那退钱的时候集体补助也给退吗？",
                    List.of("同一年既交了职工养老又交了居民养老，重复的怎么处理"), "", ""));

            assertThat(all(a)).contains("个人缴费金额和集体补助（如有）全额退还给本人");
        }
    }

    @Nested
    class Summaries {
        @Test
        void should_ask_which_article_when_a_summary_request_names_none() {
            Answer a = ask("总结一下");

            assertThat(a.declined()).isFalse();
            assertThat(a.citations()).isEmpty();
            assertThat(a.text()).contains("总结哪一篇").contains("《清明假期天气速览 踏青祭扫及出行指南请查收》");
        }

        @Test
        void should_summarise_the_article_of_the_earlier_question_when_asked_for_this_one() {
            Answer a = service.answer(new Question("总结一下这篇", List.of("焦作欠薪维权二维码怎么用"), "", ""));

            assertThat(a.declined()).isFalse();
            assertThat(a.citations()).isNotEmpty();
        }

        @Test
        void should_summarise_an_article_in_three_to_six_cited_points_in_order() {
            Answer a = ask("国际学界为啥看好中国科研？新华社那篇稿子大概讲了哪几点");

            assertThat(a.declined()).isFalse();
            assertThat(a.text()).contains("产学研“集群化”的城市创新生态", "国家战略支持投入“真金白银”", "“年轻的中国科学家”将推动进步");
            long points = a.text().lines().filter(l -> l.matches("\\d+\\. .*")).count();
            assertThat(points).isBetween(3L, 6L);
            assertThat(a.text().indexOf("产学研")).isLessThan(a.text().indexOf("真金白银"));
            for (Citation c : a.citations()) {
                assertThat(sources.verbatim(c.file(), c.quote())).isTrue();
            }
        }

        @Test
        void should_quote_every_summary_of_every_article_verbatim() {
            for (String articleId : retrieval.searcher().corpus().articles().keySet()) {
                Answer a = service.summarizeArticle(articleId);

                for (Citation c : a.citations()) {
                    assertThat(sources.verbatim(c.file(), c.quote())).as(articleId + ": " + c.quote()).isTrue();
                }
            }
        }
    }

    @Test
    void should_ask_for_a_question_when_it_is_empty_rather_than_decline() {
        // when
        Answer a = ask("   ");

        // then: a decline means the articles do not cover the question, and there is none
        assertThat(a.declined()).isFalse();
        assertThat(a.mode()).isEqualTo(Answer.Mode.EXTRACTIVE);
        assertThat(a.citations()).isEmpty();
        assertThat(a.text()).contains("请输入");
    }

    @Test
    void should_answer_an_english_question_from_the_chinese_articles() {
        Answer a = ask("How many Chinese cities are in the Nature Index top 10 science cities?");

        assertThat(a.declined()).isFalse();
        assertThat(a.citations()).isNotEmpty();
    }

    @Test
    void should_read_traditional_characters_and_a_homophone_typo() {
        Answer a = ask("失業保險視同繳費登記跟養老保顯轉移，先辦哪個");

        assertThat(all(a)).contains("在办妥养老保险关系转移后");
    }
}
