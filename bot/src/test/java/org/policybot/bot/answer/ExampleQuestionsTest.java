package org.policybot.bot.answer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.MadeUpCorpus;
import org.policybot.retrieval.ingest.Article;

/** Example questions chosen from the corpus in service, when the settings name none. */
class ExampleQuestionsTest {

    @TempDir
    static Path dir;

    static MadeUpCorpus corpus;

    @BeforeAll
    static void write() {
        corpus = MadeUpCorpus.in(dir)
                .article("01_jiachuan.txt", "甲川市调整困难群众取暖补贴标准",
                        "本报讯　记者从甲川市民政局获悉，自2025年11月1日起，甲川市提高困难群众取暖补贴标准。",
                        "按照新标准，低保家庭每户每月取暖补贴150元，特困人员每人每月取暖补贴200元。",
                        "取暖补贴由街道办事处每月10日前发放到补贴对象的社会保障卡账户。")
                .article("03_dengji.txt", "丙原市退休人员社保卡换领须知",
                        "2020年1月1日前退休的人员：携带身份证到社保大厅窗口现场换领。",
                        "2020年1月1日及以后退休的人员：新卡已随退休手续一并寄出，无须到现场。",
                        "换领社保卡不收取工本费。");
    }

    @AfterAll
    static void close() {
        corpus.close();
    }

    @Test
    void should_choose_questions_over_the_articles_that_the_corpus_answers_the_same_every_time() {
        Collection<Article> articles = corpus.answers().searcher().corpus().articles().values();

        List<String> chosen = ExampleQuestions.choose(corpus.answers(), List.of(), articles, 3);

        assertThat(chosen).containsExactly("丙原市退休人员社保卡换领须知是什么？", "甲川市调整困难群众取暖补贴标准是什么？");
        assertThat(chosen).allSatisfy(q -> assertThat(corpus.ask(q).outcome()).isEqualTo(Answer.Outcome.ANSWERED));
        assertThat(ExampleQuestions.choose(corpus.answers(), List.of(), articles, 3)).isEqualTo(chosen);
    }

    @Test
    void should_take_one_question_per_article_newest_first_before_a_second_from_any() {
        Article older = article("a", "旧文章", LocalDate.of(2024, 1, 1), "甲标题", "乙标题");
        Article newer = article("b", "新文章", LocalDate.of(2025, 1, 1), "——丙标题：", "丁标题");
        FakeAnswers answers = new FakeAnswers(q -> !q.startsWith("丙标题"));

        List<String> chosen = ExampleQuestions.choose(answers, List.of(), List.of(older, newer), 3);

        assertThat(chosen).containsExactly("丁标题是什么？", "甲标题是什么？", "新文章是什么？");
        assertThat(answers.asked).startsWith("丙标题是什么？", "丙标题有哪些内容？", "丁标题是什么？");
    }

    @Test
    void should_offer_the_ready_made_questions_the_corpus_answers_before_questions_over_headings() {
        // given: made-up ready-made questions, of which the corpus answers the second only
        Article a = article("a", "某文章", LocalDate.of(2025, 1, 1), "甲标题");
        FakeAnswers answers = new FakeAnswers(q -> q.equals("青禾卡怎么补办？") || q.startsWith("甲标题"));

        // when
        List<String> chosen = ExampleQuestions.choose(answers, List.of("蓝湖证怎么年检？", "青禾卡怎么补办？"), List.of(a), 2);

        // then
        assertThat(chosen).containsExactly("青禾卡怎么补办？", "甲标题是什么？");
    }

    @Test
    void should_read_the_bundled_ready_made_questions_without_comments() {
        assertThat(ExampleQuestions.usualQuestions()).isNotEmpty()
                .allSatisfy(q -> assertThat(q).doesNotStartWith("#").endsWith("？"));
    }

    @Test
    void should_choose_none_and_stop_asking_when_the_corpus_answers_nothing() {
        List<Article> many = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            many.add(article("id" + i, "标题" + i, LocalDate.of(2025, 1, 1), "小标题" + i));
        }
        FakeAnswers answers = new FakeAnswers(q -> false);

        assertThat(ExampleQuestions.choose(answers, List.of(), many, 3)).isEmpty();
        assertThat(answers.asked).hasSize(ExampleQuestions.MAX_TRIED * ExampleQuestions.TEMPLATES.size());
    }

    private static Article article(String id, String title, LocalDate date, String... headings) {
        List<Article.Section> sections = new ArrayList<>();
        for (String h : headings) {
            sections.add(new Article.Section(h, List.of(new Article.Paragraph("正文。", 3))));
        }
        return new Article(id, id + ".txt", 1, title, "", "", Optional.of(date), "", sections);
    }

    /** Answers the questions the predicate accepts, declines the rest, and records what it was asked. */
    private static final class FakeAnswers implements AnswerService {
        final List<String> asked = new ArrayList<>();
        final Predicate<String> answers;

        FakeAnswers(Predicate<String> answers) {
            this.answers = answers;
        }

        @Override
        public Answer answer(Question question) {
            asked.add(question.text());
            return new Answer(question.text(), "答。", List.of(), !answers.test(question.text()), Answer.Mode.EXTRACTIVE, 0.9);
        }

        @Override
        public Answer summarize(String topic) {
            throw new UnsupportedOperationException();
        }
    }
}
