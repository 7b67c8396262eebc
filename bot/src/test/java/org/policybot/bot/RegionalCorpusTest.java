package org.policybot.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.answer.Answer;
import org.policybot.bot.answer.DefaultAnswerService;
import org.policybot.bot.answer.Question;
import org.policybot.bot.store.ConversationStore;
import org.policybot.bot.store.Database;
import org.policybot.config.Settings;
import org.policybot.retrieval.Retrieval;

/**
 * The made-up corpus the channel tests use gives the outcomes they rely on through the real
 * answer service: if the answer path changes what it says here, this names the cause before
 * the channel tests fail for it.
 */
class RegionalCorpusTest {

    @TempDir
    static Path data;

    static Retrieval retrieval;
    static Database db;
    static DefaultAnswerService service;

    @BeforeAll
    static void start() {
        Settings settings = TestSettings.of(data, RegionalCorpus.write(data.resolve("articles")), Map.of());
        retrieval = new Retrieval(settings);
        db = Database.open(settings.database());
        service = new DefaultAnswerService(retrieval.searcher(), Optional.empty(),
                new ConversationStore(db, Clock.systemUTC(), 6, Duration.ofMinutes(30)), settings.articlesDir());
    }

    @AfterAll
    static void stop() {
        db.close();
        retrieval.close();
    }

    static Answer ask(String question) {
        return service.answer(Question.of(question));
    }

    @Test
    void should_ask_which_city_when_the_question_names_none() {
        Answer a = ask(RegionalCorpus.CLARIFY);

        assertThat(a.outcome()).isEqualTo(Answer.Outcome.CLARIFY);
        assertThat(a.options()).containsExactlyElementsOf(RegionalCorpus.OPTIONS);
    }

    @Test
    void should_answer_for_the_city_a_follow_up_names_with_the_question_as_context() {
        Answer jiazhou = service.answer(new Question("甲州", List.of(RegionalCorpus.CLARIFY), "", ""));
        Answer yizhou = service.answer(new Question("乙州", List.of(RegionalCorpus.CLARIFY), "", ""));

        assertThat(jiazhou.outcome()).isEqualTo(Answer.Outcome.ANSWERED);
        assertThat(jiazhou.text()).contains(RegionalCorpus.JIAZHOU_FIGURE).doesNotContain(RegionalCorpus.YIZHOU_FIGURE);
        assertThat(yizhou.text()).contains(RegionalCorpus.YIZHOU_FIGURE).doesNotContain(RegionalCorpus.JIAZHOU_FIGURE);
    }

    @Test
    void should_answer_related_and_declined_questions_as_such() {
        assertThat(ask(RegionalCorpus.ANSWERED).outcome()).isEqualTo(Answer.Outcome.ANSWERED);
        assertThat(ask(RegionalCorpus.RELATED).outcome()).isEqualTo(Answer.Outcome.RELATED);
        assertThat(ask(RegionalCorpus.DECLINED).outcome()).isEqualTo(Answer.Outcome.DECLINED);
    }
}
