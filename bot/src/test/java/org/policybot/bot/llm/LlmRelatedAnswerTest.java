package org.policybot.bot.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.RegionalCorpus;
import org.policybot.bot.TestSettings;
import org.policybot.bot.answer.Answer;
import org.policybot.bot.answer.DefaultAnswerService;
import org.policybot.bot.answer.Question;
import org.policybot.bot.llm.MockLlmServer.Rule;
import org.policybot.config.Settings;
import org.policybot.retrieval.Retrieval;

/**
 * A question the articles only touch on (related), answered with a model configured: when the
 * model writes a cited answer from those sentences, it is still shown as related, framed as
 * such, with the 12333 hint, not as a confident answer.
 */
class LlmRelatedAnswerTest {

    @RegisterExtension
    static final MockLlmServer llm = new MockLlmServer();

    @TempDir
    static Path data;

    static Retrieval retrieval;
    static Settings settings;

    @BeforeAll
    static void index() {
        settings = TestSettings.of(data.resolve("data"), RegionalCorpus.write(data.resolve("articles")), Map.of(
                "CHATBOT_LLM_PROVIDER", "openai", "CHATBOT_LLM_BASE_URL", llm.openAiBaseUrl(),
                "CHATBOT_LLM_MODEL", "mock-model"));
        retrieval = new Retrieval(settings);
    }

    @AfterAll
    static void close() {
        retrieval.close();
    }

    @Test
    void should_keep_a_related_answer_related_and_framed_when_the_model_writes_it() throws Exception {
        // given: the extractive outcome is related; the model answers anyway, citing a passage
        DefaultAnswerService extractive = new DefaultAnswerService(retrieval.searcher(), Optional.empty(), null,
                settings.articlesDir());
        assertThat(extractive.answer(Question.of(RegionalCorpus.RELATED)).outcome()).isEqualTo(Answer.Outcome.RELATED);
        llm.rules(Rule.chat("@", "可以，补贴由街道办事处审核后按季度发放，打入本人社会保障卡[1]。"));
        DefaultAnswerService withModel = new DefaultAnswerService(retrieval.searcher(),
                Llm.answerer(settings, new SimpleMeterRegistry()), null, settings.articlesDir());

        // when
        Answer a = withModel.answer(Question.of(RegionalCorpus.RELATED));

        // then
        assertThat(a.mode()).isEqualTo(Answer.Mode.LLM);
        assertThat(a.outcome()).isEqualTo(Answer.Outcome.RELATED);
        assertThat(a.text()).startsWith("文章没有直接说明您问的这一点").contains("按季度发放", "12333")
                .endsWith(LangChainAnswerer.LABEL);
        assertThat(a.citations()).isNotEmpty();
    }
}
