package org.policybot.bot.digest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.TestSettings;
import org.policybot.bot.answer.DefaultAnswerService;
import org.policybot.bot.answer.SourceTexts;
import org.policybot.bot.llm.Llm;
import org.policybot.bot.llm.MockLlmServer;
import org.policybot.bot.llm.MockLlmServer.Rule;
import org.policybot.bot.store.Database;
import org.policybot.bot.store.TestDatabases;
import org.policybot.config.Settings;
import org.policybot.retrieval.Retrieval;

/**
 * Digest summaries written by a model: the real answer service and LangChain4j client
 * against the npm OpenAI-compatible mock (canned replies), the real index and SQLite; the
 * platform sender is the recording one of {@link DigestServiceTest}.
 */
class DigestModelSummaryTest {

    @RegisterExtension
    static final MockLlmServer llm = new MockLlmServer();

    /** Only a summary request with the article's own passages gets the scripted reply. */
    static final String SUMMARY_OF_THE_ARTICLE = "body.messages[0].role == 'system' && contains(body.messages[0].content, '用2到4句话概括')"
            + " && contains(body.messages[1].content, '<title>我市开通退役军人社保接续绿色通道</title>')"
            + " && contains(body.messages[1].content, '绿色通道每周一至周五开放')";
    static final String GOOD = "市人社局在政务服务中心开通了退役军人社保接续绿色通道，一个窗口即可办理养老、医疗和失业保险的接续手续[1]。"
            + "绿色通道每周一至周五开放，今年以来已为120名退役军人办理接续业务[1]。";

    @TempDir
    Path dir;

    Path articles;
    Retrieval retrieval;
    Database db;
    MeterRegistry registry = new SimpleMeterRegistry();
    DigestServiceTest.RecordingSender sender = new DigestServiceTest.RecordingSender();

    @BeforeEach
    void setUp() throws IOException {
        articles = Files.createDirectories(dir.resolve("articles"));
        try (Stream<Path> files = Files.list(TestSettings.bundledArticles())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".txt")).toList()) {
                Files.copy(f, articles.resolve(f.getFileName()));
            }
        }
        retrieval = new Retrieval(settings());
        db = Database.open(TestDatabases.fresh(TestDatabases.Kind.SQLITE, dir));
    }

    @AfterEach
    void tearDown() {
        db.close();
        retrieval.close();
    }

    Settings settings() {
        Map<String, String> env = new HashMap<>();
        env.put("CHATBOT_ARTICLES_DIR", articles.toString());
        env.put("CHATBOT_LLM_PROVIDER", "openai");
        env.put("CHATBOT_LLM_BASE_URL", llm.openAiBaseUrl());
        env.put("CHATBOT_LLM_MODEL", "mock-model");
        env.put("CHATBOT_LLM_TIMEOUT_MS", "10000");
        return TestSettings.of(dir.resolve("data"), env);
    }

    DefaultAnswerService answers(boolean withModel) {
        return new DefaultAnswerService(retrieval.searcher(), withModel ? Llm.answerer(settings(), registry) : Optional.empty(), null, articles);
    }

    /** The digest one target gets for the new article, with or without the model. */
    String digestOfTheNewArticle(DefaultAnswerService answers) throws IOException {
        DigestService digests = new DigestService(() -> retrieval.searcher().corpus(), answers::digestSummary, db,
                () -> List.of(new DigestTarget("telegram", "-1001")), List.of(sender), Clock.systemUTC(), ZoneOffset.UTC);
        digests.run(false);
        Files.writeString(articles.resolve("005_green.txt"), DigestServiceTest.NEW_ARTICLE);
        retrieval.index().rebuild();
        List<DigestService.TargetResult> results = digests.run(true);
        assertThat(results).singleElement().extracting(DigestService.TargetResult::status).isEqualTo(DigestService.Status.PREVIEW);
        return results.get(0).messages().get(0);
    }

    double fallbacks(String reason) {
        return registry.counter("policybot_llm_fallbacks", "reason", reason).count();
    }

    @Test
    void should_summarise_with_the_model_from_the_articles_passages_with_verbatim_quotes_and_the_ai_label() throws Exception {
        llm.rules(Rule.chat("@", "这篇文章讲的是别的内容[1]。"), Rule.chat(SUMMARY_OF_THE_ARTICLE, GOOD));

        String digest = digestOfTheNewArticle(answers(true));

        assertThat(digest).contains("市人社局在政务服务中心开通了退役军人社保接续绿色通道，一个窗口即可办理养老、医疗和失业保险的接续手续[1]。")
                .contains("今年以来已为120名退役军人办理接续业务[1]。")
                .contains("（AI生成，仅供参考）")
                .doesNotContain("未见于所引原文");
        String quote = digest.substring(digest.indexOf("<blockquote>") + "<blockquote>".length(), digest.indexOf("</blockquote>"));
        assertThat(SourceTexts.load(articles).verbatim("005_green.txt", quote.replaceFirst("^\\[1] (第[\\d、]+段|原文)：", "")))
                .as("the quote is copied from the article: " + quote).isTrue();
        assertThat(registry.counter("policybot_llm_answers", "outcome", "answered").count()).isEqualTo(1);
    }

    @Test
    void should_flag_a_figure_of_the_models_summary_that_the_article_does_not_state() throws Exception {
        llm.rules(Rule.chat("@", GOOD.replace("120名", "150名")));

        String digest = digestOfTheNewArticle(answers(true));

        assertThat(digest).contains("今年以来已为150名退役军人办理接续业务[1]。（数字150未见于所引原文，请核实）");
        assertThat(registry.counter("policybot_llm_unsupported_figures").count()).isEqualTo(1);
    }

    @Test
    void should_fall_back_to_the_extractive_summary_when_the_model_fails() throws Exception {
        llm.rules(Rule.chatError("@", 500));

        String digest = digestOfTheNewArticle(answers(true));

        assertThat(digest).doesNotContain("AI生成").contains("[1]");
        assertThat(digest).isEqualTo(digestOfTheNewArticleAgain(answers(false)));
        assertThat(fallbacks("http_error")).isEqualTo(1);
    }

    @Test
    void should_fall_back_to_the_extractive_summary_when_the_model_cites_no_passage_it_was_given() throws Exception {
        llm.rules(Rule.chat("@", "绿色通道方便退役军人办理接续[7]。每周一至周五开放[9]。"));

        String digest = digestOfTheNewArticle(answers(true));

        assertThat(digest).doesNotContain("AI生成").doesNotContain("[7]").doesNotContain("[9]");
        assertThat(digest).isEqualTo(digestOfTheNewArticleAgain(answers(false)));
        assertThat(fallbacks("no_valid_citation")).isEqualTo(1);
    }

    /** The digest of the new article (already in the index) built again, in a database of its own. */
    String digestOfTheNewArticleAgain(DefaultAnswerService answers) {
        try (Database other = Database.open(TestDatabases.fresh(TestDatabases.Kind.SQLITE, dir))) {
            DigestTarget target = new DigestTarget("telegram", "-1001");
            DigestService digests = new DigestService(() -> retrieval.searcher().corpus(), answers::digestSummary, other,
                    () -> List.of(target), List.of(sender), Clock.systemUTC(), ZoneOffset.UTC);
            List<ArticleSnapshot> before = retrieval.searcher().corpus().articles().values().stream()
                    .filter(a -> !a.file().equals("005_green.txt")).map(ArticleSnapshot::of).toList();
            new DigestLedger(other, Clock.systemUTC()).registerIfNew(target, before);
            return digests.run(true).get(0).messages().get(0);
        }
    }
}
