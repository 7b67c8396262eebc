package org.policybot.bot.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.policybot.bot.web.WebApiTest.assertError;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.App;
import org.policybot.bot.TestSettings;
import org.policybot.config.Settings;

/**
 * Questions and queries made only of characters nobody sees (zero-width spaces, BOM, word
 * joiner, replacement characters, unpaired surrogates, undecodable bytes), against a real
 * server with the embedding model on, as it runs by default: they are refused as empty
 * (400 naming the field), never handed to the model, which refuses blank text (500).
 */
class WebInvisibleInputTest {

    @TempDir
    static Path data;

    static App app;
    static Http http;

    @BeforeAll
    static void start() {
        Settings vectors = TestSettings.withVectors(data);
        app = App.start(TestSettings.of(data, Map.of(
                "CHATBOT_RETRIEVAL_VECTORS", "true",
                "CHATBOT_RATE_LIMIT_PER_MINUTE", "100000",
                "CHATBOT_RATE_LIMIT_BURST", "100000")), Clock.systemUTC());
        assertThat(vectors.retrieval().vectors()).isTrue();
        http = new Http(app.port());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        TestSettings.keepVectors(data);
    }

    /** JSON string contents, escaped, so an unpaired surrogate reaches the server as one. */
    @ParameterizedTest
    @ValueSource(strings = {"\\u200b", "\\ufeff", "\\u2060", "\\ufffd", "\\ud800", "\\udfff", "\\u200b\\u3000\\u200d\\t\\n",
            "\\ufeff\\ufffd\\u2060\\u00a0\\u200b"})
    void should_refuse_a_question_of_invisible_characters_as_empty(String escaped) {
        // when
        Http.Reply r = http.ask("{\"question\": \"" + escaped + "\"}");

        // then
        assertError(r, 400, "question");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%c0%af", "%ff%fe", "%e2%80%8b", "%ef%bb%bf", "%e2%81%a0", "%ef%bf%bd", "%ed%a0%80",
            "%e2%80%8b%20%e3%80%80%c0"})
    void should_refuse_a_search_of_invisible_or_undecodable_characters_as_empty(String encoded) {
        // when
        Http.Reply r = http.get("/api/search?q=" + encoded);

        // then
        assertError(r, 400, "q");
    }

    @Test
    void should_say_the_encoding_is_wrong_when_only_undecodable_bytes_arrive() {
        // when: bytes that are no UTF-8 at all, and replacement characters in JSON
        Http.Reply search = http.get("/api/search?q=%ff%fe%c0");
        Http.Reply ask = http.ask("{\"question\": \"\\ufffd\\ufffd\"}");

        // then
        assertError(search, 400, "UTF-8");
        assertError(ask, 400, "UTF-8");
    }

    @Test
    void should_answer_a_question_with_invisible_characters_between_its_words() {
        // when
        Http.Reply answer = http.ask("{\"question\": \"重复交的\\u200b那部分钱\\ufeff能退多少？\\u2060\"}");
        Http.Reply search = http.get("/api/search?q=%e9%87%8d%e5%a4%8d%e2%80%8b%e7%bc%b4%e8%b4%b9");

        // then
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().path("question").asText()).isEqualTo("重复交的那部分钱能退多少？");
        assertThat(answer.json().path("citations")).isNotEmpty();
        assertThat(search.status()).as(search.body()).isEqualTo(200);
        assertThat(search.json().path("query").asText()).isEqualTo("重复缴费");
        assertThat(search.json().path("hits")).isNotEmpty();
    }
}
