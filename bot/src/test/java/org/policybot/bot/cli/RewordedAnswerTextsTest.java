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
import org.policybot.bot.TestSettings;

/** The fixed texts of answers come from the messages bundle: a deployment's file rewords them without a build. */
class RewordedAnswerTextsTest {

    @TempDir
    Path here;

    private String ask(Map<String, String> extra, String question) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "CHATBOT_ARTICLES_DIR", TestSettings.bundledArticles().toString(),
                "CHATBOT_DATA_DIR", here.resolve("data").toString(),
                "CHATBOT_RETRIEVAL_VECTORS", "false"));
        env.putAll(extra);
        int code = Main.run(new String[] {"ask", question}, env, here, new PrintWriter(out, true), new PrintWriter(err, true));
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
        String declined = ask(reworded, "火星有几颗卫星？");

        // then
        assertThat(greeting).isEqualTo("青禾县社保助手向您问好。");
        assertThat(bundledGreeting).startsWith("您好！").isNotEqualTo(greeting);
        assertThat(declined).isEqualTo("这个问题文章里没有写，请打青禾县服务电话咨询。");
    }
}
