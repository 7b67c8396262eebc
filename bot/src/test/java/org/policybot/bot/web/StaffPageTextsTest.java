package org.policybot.bot.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.TestSettings;
import org.policybot.bot.messages.Messages;

/** The staff page's words come from the texts bundle, reworded by a deployment's messages file. */
class StaffPageTextsTest {

    private static final Pattern DATA_BLOCK = Pattern.compile("<script type=\"application/json\" id=\"page-texts\">(.*?)</script>",
            Pattern.DOTALL);
    private static final Pattern SCRIPT_KEY = Pattern.compile("\\bt\\('([a-z.-]+)'");

    @TempDir
    Path here;

    private static String resource(String name) throws IOException {
        try (InputStream in = StaffPageTextsTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static JsonNode scriptTexts(String page) throws IOException {
        Matcher m = DATA_BLOCK.matcher(page);
        assertThat(m.find()).as("the page carries its script's texts").isTrue();
        return Http.JSON.readTree(m.group(1));
    }

    @Test
    void should_fill_every_slot_of_the_page_and_give_the_script_every_text_it_asks_for() throws Exception {
        // given
        Messages texts = Messages.bundled().withExamples(List.of("甲事要带什么材料？", "乙事在哪里办？"));

        // when
        String page = StaticAssets.page(resource("web/index.html"), texts);

        // then
        assertThat(page).doesNotContain("{{").contains("<title>政策问答 · 工作台</title>")
                .contains("placeholder=\"例如：甲事要带什么材料？\"")
                .contains("<kbd>Enter</kbd> 提交，<kbd>Shift</kbd>+<kbd>Enter</kbd> 换行");
        JsonNode script = scriptTexts(page);
        Matcher used = SCRIPT_KEY.matcher(resource("web/app.js"));
        int keys = 0;
        while (used.find()) {
            assertThat(script.hasNonNull(used.group(1))).as("text for t('%s')", used.group(1)).isTrue();
            keys++;
        }
        assertThat(keys).isGreaterThan(20);
        assertThat(script.path("badge.related").asText()).isEqualTo("文章未直接说明，以下原文可能相关");
    }

    @Test
    void should_show_a_deployments_wording_escaped_and_a_plain_prompt_when_there_are_no_examples() throws Exception {
        // given: a made-up office's wording, with markup that must stay text
        Path file = here.resolve("texts.properties");
        Files.writeString(file, "page.heading=青禾县<政策>查询\n"
                + "page.ask.placeholder-plain=请在这里写下您的问题\n"
                + "page.js.badge.related=</script><b>可能相关</b>\n", StandardCharsets.UTF_8);
        Messages texts = Messages.load(TestSettings.of(here.resolve("data"),
                Map.of("CHATBOT_MESSAGES_FILE", file.toString())).texts());

        // when
        String page = StaticAssets.page(resource("web/index.html"), texts);

        // then
        assertThat(page).contains("<h1>青禾县&lt;政策&gt;查询</h1>").contains("placeholder=\"请在这里写下您的问题\"")
                .doesNotContain("<b>可能相关</b>");
        assertThat(scriptTexts(page).path("badge.related").asText()).isEqualTo("</script><b>可能相关</b>");
    }
}
