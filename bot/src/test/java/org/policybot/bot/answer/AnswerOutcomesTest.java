package org.policybot.bot.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.policybot.bot.MadeUpCorpus.shown;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.MadeUpCorpus;

/** The answer path on a made-up corpus: what is quoted, and which of the outcomes. */
class AnswerOutcomesTest {

    @TempDir
    static Path dir;

    static MadeUpCorpus corpus;

    @BeforeAll
    static void write() {
        corpus = MadeUpCorpus.in(dir)
                .article("01_jiachuan.txt", "甲川市调整困难群众取暖补贴标准",
                        "本报讯　记者从甲川市民政局获悉，自2025年11月1日起，甲川市提高困难群众取暖补贴标准。",
                        "按照新标准，低保家庭每户每月取暖补贴150元，特困人员每人每月取暖补贴200元。",
                        "取暖补贴由街道办事处每月10日前发放到补贴对象的社会保障卡账户。",
                        "已经享受补贴的家庭不需要重新申请，新标准由系统自动执行。")
                .article("02_yiling.txt", "乙岭县困难群众取暖补贴发放办法",
                        "为做好今冬困难群众取暖保障工作，乙岭县民政局制定本办法。",
                        "低保家庭每户每月取暖补贴90元，特困人员每人每月取暖补贴120元。",
                        "申请人向户籍所在地乡镇人民政府提出申请，乡镇在10个工作日内完成审核。")
                .article("03_dengji.txt", "丙原市退休人员社保卡换领须知",
                        "2020年1月1日前退休的人员：携带身份证到社保大厅窗口现场换领。",
                        "2020年1月1日及以后退休的人员：新卡已随退休手续一并寄出，无须到现场。",
                        "换领社保卡不收取工本费。")
                .article("04_dingjiang.txt", "丁江市医保关系转移办理说明",
                        "丁江市医保中心介绍，医保关系的转移主要分为三种情况，办理方式有所不同。",
                        "本市范围内转移的：无须申请，系统自动转移。",
                        "转往省内其他城市的：由本人在医保服务平台网上申请。",
                        "转往外省的：携带身份证和参保凭证到转入地医保经办机构办理。");
    }

    @AfterAll
    static void close() {
        corpus.close();
    }

    @Test
    void should_quote_the_figure_of_the_place_the_question_names() {
        Answer a = corpus.ask("乙岭县特困人员每月取暖补贴多少钱？");

        assertThat(a.outcome()).isIn(Answer.Outcome.ANSWERED, Answer.Outcome.RELATED);
        assertThat(shown(a)).contains("特困人员每人每月取暖补贴120元");
        assertThat(a.citations().get(0).file()).isEqualTo("02_yiling.txt");
    }

    @Test
    void should_ask_back_which_place_when_the_places_rule_differently_and_the_question_names_none() {
        Answer a = corpus.ask("低保家庭每月取暖补贴给多少钱？");

        assertThat(a.outcome()).isEqualTo(Answer.Outcome.CLARIFY);
        assertThat(a.options()).containsExactlyInAnyOrder("甲川", "乙岭");
        assertThat(a.text()).contains("甲川", "乙岭");
        assertThat(a.declined()).isFalse();
    }

    @Test
    void should_answer_for_the_place_named_in_reply_to_the_question_back() {
        Answer a = corpus.ask("甲川", "低保家庭每月取暖补贴给多少钱？");

        assertThat(a.outcome()).isIn(Answer.Outcome.ANSWERED, Answer.Outcome.RELATED);
        assertThat(shown(a)).contains("低保家庭每户每月取暖补贴150元").doesNotContain("每月取暖补贴90元");
    }

    @Test
    void should_answer_for_the_place_an_earlier_turn_named_instead_of_asking_back() {
        Answer a = corpus.ask("低保家庭每月取暖补贴给多少钱？", "乙岭县的取暖补贴找谁申请？");

        assertThat(a.outcome()).isIn(Answer.Outcome.ANSWERED, Answer.Outcome.RELATED);
        assertThat(a.citations().get(0).file()).isEqualTo("02_yiling.txt");
        assertThat(a.citations().get(0).quote()).contains("低保家庭每户每月取暖补贴90元");
        assertThat(a.question()).isEqualTo("低保家庭每月取暖补贴给多少钱？");
    }

    @Test
    void should_still_ask_back_when_the_earlier_turn_named_both_places() {
        Answer a = corpus.ask("低保家庭每月取暖补贴给多少钱？", "甲川市和乙岭县哪里冬天更冷？");

        assertThat(a.outcome()).isEqualTo(Answer.Outcome.CLARIFY);
    }

    @Test
    void should_give_every_case_when_the_best_sentence_says_the_rule_differs_by_case() {
        Answer a = corpus.ask("丁江市医保关系怎么转移？");

        assertThat(a.outcome()).isIn(Answer.Outcome.ANSWERED, Answer.Outcome.RELATED);
        assertThat(shown(a)).contains("主要分为三种情况", "本市范围内转移的：无须申请，系统自动转移。",
                "转往省内其他城市的：由本人在医保服务平台网上申请。", "转往外省的：携带身份证和参保凭证到转入地医保经办机构办理。");
    }

    @Test
    void should_decline_a_question_about_something_the_articles_never_mention() {
        Answer a = corpus.ask("红烧肉怎么做才不腻？");

        assertThat(a.outcome()).isEqualTo(Answer.Outcome.DECLINED);
        assertThat(a.declined()).isTrue();
        assertThat(a.text()).contains("12333");
    }

    @Test
    void should_not_answer_with_confidence_a_detail_the_articles_do_not_state() {
        Answer a = corpus.ask("甲川市取暖补贴的申请表在哪个网站下载？");

        assertThat(a.outcome()).isNotEqualTo(Answer.Outcome.ANSWERED);
        if (a.outcome() == Answer.Outcome.RELATED) {
            assertThat(a.text()).startsWith(AnswerTexts.BUNDLED.relatedPrefix()).contains("12333");
        }
    }

    @Test
    void should_choose_the_rule_whose_period_holds_the_holiday_the_asker_names() {
        Answer a = corpus.ask("我是2019年国庆节那天退休的，丙原市社保卡要去现场换吗？");

        assertThat(shown(a)).contains("2020年1月1日前退休的人员").doesNotContain("及以后退休的人员");
    }
}
