package org.policybot.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.RegionalCorpus;
import org.policybot.bot.TestSettings;

/** The fixed texts of answers come from the messages bundle: a deployment's file rewords them without a build. */
class RewordedAnswerTextsTest {

    @TempDir
    Path here;

    private String ask(Map<String, String> extra, String question) {
        return run(extra, TestSettings.bundledArticles(), "ask", question);
    }

    private String run(Map<String, String> extra, Path articles, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "CHATBOT_ARTICLES_DIR", articles.toString(),
                "CHATBOT_DATA_DIR", here.resolve("data-" + articles.getFileName()).toString(),
                "CHATBOT_RETRIEVAL_VECTORS", "false"));
        env.putAll(extra);
        int code = Main.run(args, env, here, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as(err.toString()).isZero();
        return out.toString().strip();
    }

    @Test
    void should_answer_greetings_and_declines_in_the_deployments_words() throws Exception {
        // given: a made-up office's wording
        Path file = here.resolve("texts.properties");
        Files.writeString(file, "answer.greeting=青禾县社保助手向您问好。\n"
                + "answer.decline=这个问题文章里没有写，请打青禾县服务电话咨询。\n", StandardCharsets.UTF_8);
        Map<String, String> reworded = Map.of("CHATBOT_MESSAGES_FILE", file.toString());

        // when
        String greeting = ask(reworded, "你好");
        String bundledGreeting = ask(Map.of(), "你好");
        String declined = ask(reworded, "红烧肉怎么做才不腻？");

        // then
        assertThat(greeting).isEqualTo("青禾县社保助手向您问好。");
        assertThat(bundledGreeting).startsWith("您好！").isNotEqualTo(greeting);
        assertThat(declined).isEqualTo("这个问题文章里没有写，请打青禾县服务电话咨询。");
    }

    @Test
    void should_print_sources_and_search_results_in_the_deployments_words() throws Exception {
        // given: a made-up corpus and wording for the source list and the source line
        Path articles = RegionalCorpus.write(here.resolve("regional"));
        Path file = here.resolve("texts.properties");
        Files.writeString(file, "cli.ask.sources=出处如下：\n"
                + "source.line=《{0}》，{1}\n"
                + "cli.search.none=查无此段。\n", StandardCharsets.UTF_8);
        Map<String, String> reworded = Map.of("CHATBOT_MESSAGES_FILE", file.toString());

        // when
        String answer = run(reworded, articles, "ask", RegionalCorpus.ANSWERED);
        String nothing = run(reworded, articles, "search", "zzzz");

        // then
        assertThat(answer).contains(RegionalCorpus.JIAZHOU_FIGURE)
                .contains("\n出处如下：\n[1] 《甲州市独生子女父母奖励补贴标准提高》，2026-02-10 01_jiazhou.txt")
                .doesNotContain("来源：");
        assertThat(nothing).isEqualTo("查无此段。");
    }
}
