package org.policybot.bot.answer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.TestSettings;
import org.policybot.config.Settings;
import org.policybot.retrieval.Retrieval;

/** The answer cache in front of the real answer service over the bundled articles. */
class CachingAnswerServiceTest {

    @TempDir
    static Path data;

    static Retrieval retrieval;
    static DefaultAnswerService real;

    /** Counts how often the real service is asked, and passes every question on. */
    static final class Counting implements AnswerService {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public Answer answer(Question question) {
            calls.incrementAndGet();
            return real.answer(question);
        }

        @Override
        public Answer summarize(String topic) {
            return real.summarize(topic);
        }
    }

    Counting inner;
    AtomicReference<String> generation;
    CachingAnswerService cache;

    @BeforeAll
    static void index() {
        Settings settings = TestSettings.of(data);
        retrieval = new Retrieval(settings);
        real = new DefaultAnswerService(retrieval.searcher(), Optional.empty(), null, settings.articlesDir());
    }

    @AfterAll
    static void close() {
        retrieval.close();
    }

    @BeforeEach
    void fresh() {
        inner = new Counting();
        generation = new AtomicReference<>("gen-1");
        cache = new CachingAnswerService(inner, generation::get, 2, false);
    }

    @Test
    void should_reuse_the_answer_when_the_same_question_is_asked_again() {
        // when
        Answer first = cache.answer(Question.of("重复交的那部分钱能退多少？"));
        Answer second = cache.answer(Question.of("  重复交的那部分钱能退多少？ "));

        // then
        assertThat(inner.calls).hasValue(1);
        assertThat(second.text()).isEqualTo(first.text());
        assertThat(second.citations()).isEqualTo(first.citations());
        assertThat(second.question()).as("cleaned at the edge").isEqualTo("重复交的那部分钱能退多少？");
    }

    @Test
    void should_answer_again_when_the_context_or_the_index_generation_differs() {
        // given
        cache.answer(Question.of("那去年建了多少座？"));

        // when
        Answer withContext = cache.answer(new Question("那去年建了多少座？", List.of("天津今年打算改造多少个口袋公园"), "", ""));
        generation.set("gen-2");
        cache.answer(Question.of("那去年建了多少座？"));

        // then
        assertThat(inner.calls).hasValue(3);
        assertThat(withContext.citations()).extracting(Citation::quote).anySatisfy(q -> assertThat(q).contains("56座"));
    }

    @Test
    void should_never_cache_questions_that_use_conversation_memory() {
        // when
        cache.answer(new Question("具体去哪儿办？", List.of(), "http:c1", ""));
        cache.answer(new Question("具体去哪儿办？", List.of(), "http:c1", ""));

        // then
        assertThat(inner.calls).hasValue(2);
        assertThat(cache.size()).isZero();
    }

    @Test
    void should_keep_at_most_the_configured_number_of_answers() {
        // when
        cache.answer(Question.of("集体补助也能退吗"));
        cache.answer(Question.of("12333热线能办什么业务"));
        cache.answer(Question.of("天津今年要改造多少个口袋公园"));
        cache.answer(Question.of("集体补助也能退吗"));

        // then
        assertThat(cache.size()).isEqualTo(2);
        assertThat(inner.calls).hasValue(4);
    }

    @Test
    void should_not_keep_an_extractive_answer_standing_in_for_a_configured_model() {
        // given: with a model configured, an extractive answer is the model's fallback
        CachingAnswerService withModel = new CachingAnswerService(inner, generation::get, 2, true);

        // when
        Answer fallback = withModel.answer(Question.of("重复交的那部分钱能退多少？"));
        withModel.answer(Question.of("重复交的那部分钱能退多少？"));
        Answer declined = withModel.answer(Question.of("火星上的养老院怎么申请入住？"));
        withModel.answer(Question.of("火星上的养老院怎么申请入住？"));

        // then: the fallback is asked again, the decline (no model involved) is reused
        assertThat(fallback.mode()).isEqualTo(Answer.Mode.EXTRACTIVE);
        assertThat(fallback.declined()).isFalse();
        assertThat(declined.declined()).isTrue();
        assertThat(inner.calls).hasValue(3);
        assertThat(withModel.size()).isEqualTo(1);
    }
}
