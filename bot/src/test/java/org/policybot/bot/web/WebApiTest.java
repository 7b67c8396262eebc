package org.policybot.bot.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.policybot.bot.App;
import org.policybot.bot.RegionalCorpus;
import org.policybot.bot.TestSettings;

/**
 * The HTTP API through the production wiring ({@link App#start}): a real Javalin server on a
 * random port, the real index over the bundled articles and a real SQLite database.
 */
class WebApiTest {

    @RegisterExtension
    static final RunningApp server = RunningApp.withoutRateLimits();


    static String ask(String question) {
        return Http.json(Map.of("question", question));
    }

    @Test
    void should_answer_with_verbatim_citations_when_the_articles_cover_the_question() {
        // given
        String question = "重复交的那部分钱能退多少？村里给的集体补助也退吗";

        // when
        Http.Reply r = server.http().ask(ask(question));

        // then
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        JsonNode a = r.json();
        assertThat(a.path("question").asText()).isEqualTo(question);
        assertThat(a.has("options")).isFalse();
        assertThat(a.path("declined").asBoolean()).isFalse();
        assertThat(a.path("mode").asText()).isEqualTo("extractive");
        assertThat(a.path("answer").asText()).contains("[1]");
        JsonNode c = a.path("citations").get(0);
        assertThat(c.path("n").asInt()).isEqualTo(1);
        assertThat(c.path("title").asText()).isNotBlank();
        assertThat(c.path("file").asText()).endsWith(".txt");
        assertThat(c.path("date").isNull() || c.path("date").asText().matches("\\d{4}-\\d{2}-\\d{2}")).as(c.toString()).isTrue();
        JsonNode passage = server.http().get("/api/passages/" + c.path("passageId").asText()).json();
        assertThat(squeeze(passage.path("text").asText())).contains(squeeze(c.path("quote").asText()));
        assertThat(StreamSupport.stream(a.path("citations").spliterator(), false).map(x -> x.path("quote").asText()))
                .anySatisfy(q -> assertThat(squeeze(q)).contains("集体补助"));
    }

    @Test
    void should_decline_and_name_the_hotline_when_the_articles_do_not_cover_the_question() {
        // when
        JsonNode a = server.http().ask(ask("火星上的养老院怎么申请入住？")).json();

        // then
        assertThat(a.path("outcome").asText()).isEqualTo("declined");
        assertThat(a.path("declined").asBoolean()).isTrue();
        assertThat(a.path("answer").asText()).contains("12333");
    }

    @Test
    void should_use_the_given_context_as_is_for_a_follow_up_question() {
        // given
        String followUp = "那去年建了多少座？";
        String earlier = "天津今年打算改造多少个口袋公园";

        // when
        JsonNode withContext = server.http().ask(Http.json(Map.of("question", followUp, "context", List.of(earlier)))).json();

        // then
        assertThat(withContext.path("declined").asBoolean()).isFalse();
        assertThat(quotes(withContext)).anySatisfy(q -> assertThat(q).contains("56座口袋公园"));
    }

    @Test
    void should_remember_earlier_questions_when_a_conversation_id_is_given() {
        // given
        String conversation = "staff-" + System.nanoTime();
        server.http().ask(Http.json(Map.of("question", "天津今年打算改造多少个口袋公园", "conversationId", conversation)));

        // when
        JsonNode followUp = server.http().ask(Http.json(Map.of("question", "具体去哪儿办？", "conversationId", conversation))).json();
        JsonNode withContext = server.http().ask(Http.json(Map.of("question", "具体去哪儿办？",
                "context", List.of("天津今年打算改造多少个口袋公园")))).json();
        JsonNode alone = server.http().ask(ask("具体去哪儿办？")).json();

        // then
        assertThat(quotes(followUp)).isEqualTo(quotes(withContext));
        assertThat(quotes(followUp)).isNotEqualTo(quotes(alone));
        assertThat(server.app().context().conversations().recent(AskRoute.CONVERSATION_PREFIX + conversation)).hasSize(2);
    }

    @Test
    void should_record_every_question_masked_when_it_is_asked() {
        // given
        long before = server.app().context().questionLog().count();

        // when
        server.http().ask(ask("我的身份证号是110101199003071234，手机13812345678，火星签证怎么办"));

        // then
        assertThat(server.app().context().questionLog().count()).isEqualTo(before + 1);
        assertThat(server.app().context().questionLog().unanswered(100)).extracting(u -> u.question())
                .anySatisfy(q -> assertThat(q).contains("138****5678").contains("110101********1234")
                        .doesNotContain("13812345678"));
    }

    @Test
    void should_record_and_count_a_repeated_question_each_time_when_its_answer_is_reused() {
        // given
        String question = Http.json(Map.of("question", "城乡居民养老保险什么情况下可以退保"));
        JsonNode first = server.http().ask(question).json();
        long recorded = server.app().context().questionLog().count();
        double counted = server.app().context().metrics().counter("policybot.answers", "channel", "http", "mode", "extractive").count();

        // when
        JsonNode again = server.http().ask(question).json();

        // then: the same answer, under the new request's own id
        ((com.fasterxml.jackson.databind.node.ObjectNode) again).remove("id");
        ((com.fasterxml.jackson.databind.node.ObjectNode) first).remove("id");
        assertThat(again).isEqualTo(first);
        assertThat(server.app().context().questionLog().count()).isEqualTo(recorded + 1);
        assertThat(server.app().context().metrics().counter("policybot.answers", "channel", "http", "mode", "extractive").count())
                .isEqualTo(counted + 1);
    }

    @Test
    void should_return_ranked_passages_with_terms_when_searching() {
        // when
        Http.Reply r = server.http().get("/api/search?q=" + enc("重复缴费 退费") + "&k=3");

        // then
        assertThat(r.status()).isEqualTo(200);
        JsonNode s = r.json();
        assertThat(s.path("query").asText()).isEqualTo("重复缴费 退费");
        assertThat(s.path("hits")).hasSize(3);
        for (int i = 0; i < 3; i++) {
            JsonNode h = s.path("hits").get(i);
            assertThat(h.path("rank").asInt()).isEqualTo(i + 1);
            assertThat(h.path("passageId").asText()).isNotBlank();
            assertThat(h.path("text").asText()).isNotBlank();
            assertThat(h.has("score") && h.has("title") && h.has("file") && h.has("date")).isTrue();
        }
        assertThat(s.path("terms")).isNotEmpty();
        assertThat(s.path("hits").get(0).path("text").asText()).contains(s.path("terms").get(0).asText());
    }

    @Test
    void should_echo_the_callers_request_id_and_generate_one_when_missing() {
        // when
        JsonNode named = server.http().ask(Http.json(Map.of("id", "staff-7", "question", "12333是什么电话？"))).json();
        JsonNode numbered = server.http().ask("{\"id\": 42, \"question\": \"12333是什么电话？\"}").json();
        JsonNode unnamed = server.http().ask(ask("12333是什么电话？")).json();
        JsonNode search = server.http().get("/api/search?id=s1&q=" + enc("社保")).json();
        JsonNode unnamedSearch = server.http().get("/api/search?q=" + enc("社保")).json();

        // then
        assertThat(named.fieldNames().next()).isEqualTo("id");
        assertThat(named.path("id").asText()).isEqualTo("staff-7");
        assertThat(numbered.path("id").isIntegralNumber()).isTrue();
        assertThat(numbered.path("id").asInt()).isEqualTo(42);
        assertThat(unnamed.path("id").asText()).matches("r-[0-9a-f]{12}");
        assertThat(search.path("id").asText()).isEqualTo("s1");
        assertThat(unnamedSearch.path("id").asText()).matches("r-[0-9a-f]{12}").isNotEqualTo(unnamed.path("id").asText());
    }

    @Test
    void should_use_the_configured_default_k_when_k_is_missing() {
        // when
        JsonNode s = server.http().get("/api/search?q=" + enc("退役军人 养老保险 转移 接续")).json();

        // then
        assertThat(s.path("hits").size()).isEqualTo(server.app().settings().retrieval().defaultK());
    }

    @Test
    void should_refuse_bad_search_parameters_with_a_message() {
        assertError(server.http().get("/api/search"), 400, "q");
        assertError(server.http().get("/api/search?q=%20%20"), 400, "q");
        assertError(server.http().get("/api/search?q=" + enc("社保") + "&k=0"), 400, "k");
        assertError(server.http().get("/api/search?q=" + enc("社保") + "&k=abc"), 400, "k");
        assertError(server.http().get("/api/search?q=" + enc("社保") + "&k=51"), 400, "k");
        assertError(server.http().get("/api/search?q=" + enc("保".repeat(501))), 400, "500");
    }

    @Test
    void should_refuse_a_search_user_over_128_characters_like_a_question_user() {
        // given
        String longest = "u".repeat(128);

        // when / then
        assertError(server.http().get("/api/search?q=" + enc("社保") + "&user=" + longest + "u"), 400, "user");
        assertThat(server.http().get("/api/search?q=" + enc("社保") + "&user=" + longest).status()).isEqualTo(200);
    }

    @Test
    void should_show_the_whole_article_with_the_paragraphs_of_each_passage() {
        // given
        JsonNode hit = server.http().get("/api/search?q=" + enc("口袋公园") + "&k=1").json().path("hits").get(0);
        JsonNode passage = server.http().get("/api/passages/" + hit.path("passageId").asText()).json();

        // when
        Http.Reply r = server.http().get("/api/articles/" + passage.path("articleId").asText());

        // then
        assertThat(r.status()).isEqualTo(200);
        JsonNode article = r.json();
        assertThat(article.path("title").asText()).isEqualTo(hit.path("title").asText());
        assertThat(article.path("date").asText()).isEqualTo(hit.path("date").asText());
        assertThat(article.has("source") && article.has("byline")).isTrue();
        List<String> paragraphs = StreamSupport.stream(article.path("sections").spliterator(), false)
                .flatMap(s -> StreamSupport.stream(s.path("paragraphs").spliterator(), false))
                .map(p -> squeeze(p.path("text").asText())).toList();
        assertThat(paragraphs).isNotEmpty();
        for (JsonNode p : article.path("passages")) {
            assertThat(p.path("paragraphs")).as("paragraphs of %s", p.path("passageId").asText()).isNotEmpty();
            String firstParagraph = paragraphs.get(p.path("paragraphs").get(0).asInt());
            String firstLine = squeeze(p.path("text").asText().substring(p.path("section").asText().isEmpty() ? 0
                    : p.path("section").asText().length()).strip().split("\n")[0]);
            assertThat(firstParagraph).contains(firstLine);
        }
        assertThat(article.path("passages")).extracting(p -> p.path("passageId").asText())
                .contains(hit.path("passageId").asText());
    }

    @Test
    void should_answer_404_with_a_message_when_an_article_or_passage_is_unknown() {
        assertError(server.http().get("/api/articles/no-such-article"), 404, "no-such-article");
        assertError(server.http().get("/api/passages/no-such-passage"), 404, "no-such-passage");
    }

    @Test
    void should_report_corpus_size_index_age_and_channels_on_health() {
        // when
        Http.Reply r = server.http().get("/health");

        // then
        assertThat(r.status()).isEqualTo(200);
        JsonNode h = r.json();
        var corpus = server.app().retrieval().searcher().corpus();
        assertThat(h.path("status").asText()).isEqualTo("ok");
        assertThat(h.path("articles").asInt()).isEqualTo(corpus.articles().size()).isPositive();
        assertThat(h.path("passages").asInt()).isEqualTo(corpus.passages().size());
        assertThat(h.path("indexBuiltAt").asText()).isEqualTo(corpus.builtAt().toString());
        assertThat(h.path("indexAgeSeconds").asLong()).isBetween(0L, 600L);
        assertThat(h.path("channels")).extracting(JsonNode::asText).containsExactly("http");
        assertThat(h.path("llm").asText()).isEqualTo("none");
        assertThat(h.path("replica").asText()).isEqualTo(server.app().settings().replicaId()).isNotBlank();
        assertThat(h.path("indexGeneration").asText()).isEqualTo(corpus.generation()).isNotBlank();
        assertThat(h.path("database").asText()).isEqualTo("ok");
    }

    @Test
    void should_export_request_answer_and_search_meters_in_prometheus_format() {
        // given
        server.http().ask(ask("重复交的那部分钱能退多少？"));
        server.http().ask(ask("火星上的养老院怎么申请入住？"));
        server.http().get("/api/search?q=" + enc("口袋公园"));

        // when
        Http.Reply r = server.http().get("/metrics");

        // then
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/plain");
        assertThat(r.body())
                .contains("policybot_http_requests_seconds_count{method=\"POST\",route=\"/api/ask\",status=\"200\"}")
                .contains("policybot_http_requests_seconds{method=\"POST\",route=\"/api/ask\",status=\"200\",quantile=\"0.99\"}")
                .contains("policybot_answers_total{channel=\"http\",mode=\"extractive\"}")
                .contains("policybot_answer_declines_total{channel=\"http\"}")
                .contains("policybot_answer_citations_count{channel=\"http\"}")
                .contains("policybot_answer_seconds_count{channel=\"http\"}")
                .contains("policybot_search_seconds_count")
                .contains("policybot_llm_fallbacks_total{reason=\"none\"} 0.0")
                .contains("policybot_answer_pool_active")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void should_label_unknown_paths_as_one_route_in_metrics() {
        // given
        server.http().get("/nope/" + System.nanoTime());

        // when
        String metrics = server.http().get("/metrics").body();

        // then
        assertThat(metrics).contains("route=\"unmatched\"").doesNotContain("route=\"/nope");
    }

    @Test
    void should_label_unknown_request_methods_as_one_method_in_metrics() {
        // given: methods that no route knows, each a new token
        long n = System.nanoTime();
        for (String method : new String[] {"FOO" + n, "BREW" + n, "PROPFIND"}) {
            server.http().method(method, "/api/search?q=x", null);
        }

        // when
        String metrics = server.http().get("/metrics").body();

        // then
        assertThat(metrics).contains("method=\"OTHER\"").doesNotContain("FOO" + n).doesNotContain("BREW" + n)
                .doesNotContain("method=\"PROPFIND\"");
    }

    /**
     * The outcomes that depend on coverage, over the made-up corpus of two cities: a server of
     * its own, with the admin routes on for the report of what was not answered outright.
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Outcomes {

        static final String TOKEN = "admin-token-for-outcomes-0123456789";

        App regional;
        Http regionalHttp;

        @BeforeAll
        void start() {
            Path dir = server.data().resolve("regional");
            regional = App.start(TestSettings.of(dir, RegionalCorpus.write(dir.resolve("articles")), Map.of(
                    "CHATBOT_ADMIN_TOKEN", TOKEN,
                    "CHATBOT_RATE_LIMIT_PER_MINUTE", "100000",
                    "CHATBOT_RATE_LIMIT_BURST", "100000",
                    "CHATBOT_RATE_LIMIT_PER_ADDRESS_PER_MINUTE", "100000",
                    "CHATBOT_RATE_LIMIT_PER_ADDRESS_BURST", "100000")), Clock.systemUTC());
            regionalHttp = new Http(regional.port());
        }

        @AfterAll
        void stop() {
            if (regional != null) {
                regional.close();
            }
        }

        @Test
        void should_ask_back_with_the_options_when_the_rule_differs_by_place_and_the_question_names_none() {
            // when
            JsonNode a = regionalHttp.ask(ask(RegionalCorpus.CLARIFY)).json();

            // then
            assertThat(a.path("outcome").asText()).isEqualTo("clarify");
            assertThat(a.path("declined").asBoolean()).isFalse();
            assertThat(a.path("options")).extracting(JsonNode::asText).containsExactlyElementsOf(RegionalCorpus.OPTIONS);
            assertThat(a.path("answer").asText()).contains("1. 甲州", "2. 乙州");
            assertThat(a.path("citations")).isEmpty();
        }

        @Test
        void should_say_answered_when_the_question_names_the_place() {
            JsonNode a = regionalHttp.ask(ask(RegionalCorpus.ANSWERED)).json();

            assertThat(a.path("outcome").asText()).isEqualTo("answered");
            assertThat(a.path("declined").asBoolean()).isFalse();
            assertThat(a.has("options")).isFalse();
            assertThat(a.path("answer").asText()).contains(RegionalCorpus.JIAZHOU_FIGURE, "[1]");
        }

        @Test
        void should_answer_for_the_option_asked_with_the_original_question_as_context() {
            // when
            JsonNode a = regionalHttp.ask(Http.json(Map.of("question", "乙州", "context", List.of(RegionalCorpus.CLARIFY))))
                    .json();

            // then
            assertThat(a.path("outcome").asText()).isEqualTo("answered");
            assertThat(a.has("options")).isFalse();
            assertThat(a.path("answer").asText()).contains(RegionalCorpus.YIZHOU_FIGURE);
        }

        @Test
        void should_frame_related_sentences_as_such_with_their_citations() {
            // when
            JsonNode a = regionalHttp.ask(ask(RegionalCorpus.RELATED)).json();

            // then
            assertThat(a.path("outcome").asText()).isEqualTo("related");
            assertThat(a.path("declined").asBoolean()).isFalse();
            assertThat(a.has("options")).isFalse();
            assertThat(a.path("answer").asText()).startsWith("文章没有直接说明您问的这一点").contains("12333");
            assertThat(a.path("citations")).isNotEmpty();
        }

        @Test
        void should_report_related_and_clarify_questions_among_the_unanswered_with_their_outcome() {
            // given
            regionalHttp.ask(ask(RegionalCorpus.RELATED));
            regionalHttp.ask(ask(RegionalCorpus.CLARIFY));
            regionalHttp.ask(ask(RegionalCorpus.ANSWERED));

            // when
            Http.Reply r = regionalHttp.get("/api/admin/unanswered?limit=50", "Authorization", "Bearer " + TOKEN);

            // then
            assertThat(r.status()).isEqualTo(200);
            Map<String, String> outcomes = new java.util.HashMap<>();
            r.json().path("questions").forEach(q -> outcomes.put(q.path("question").asText(), q.path("outcome").asText()));
            assertThat(outcomes).containsEntry(RegionalCorpus.RELATED, "related")
                    .containsEntry(RegionalCorpus.CLARIFY, "clarify")
                    .doesNotContainKey(RegionalCorpus.ANSWERED);
        }
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    static String squeeze(String s) {
        return s.replaceAll("\\s+", "");
    }

    static List<String> quotes(JsonNode answer) {
        return StreamSupport.stream(answer.path("citations").spliterator(), false).map(c -> squeeze(c.path("quote").asText()))
                .toList();
    }

    static void assertError(Http.Reply r, int status, String mentions) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.error()).as(r.body()).isNotBlank().contains(mentions);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("at org.");
    }
}
