package org.policybot.bot.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.policybot.bot.web.WebApiTest.assertError;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Admin routes behind the bearer token: reindex without downtime and the staff list of unanswered questions. */
class WebAdminTest {

    static final String TOKEN = "admin-token-for-tests-0123456789";

    @RegisterExtension
    static final RunningApp server = RunningApp.withoutRateLimits(Map.of("CHATBOT_ADMIN_TOKEN", TOKEN));


    @Test
    void should_refuse_admin_routes_without_the_right_bearer_token() {
        for (String[] headers : List.of(new String[0], new String[] {"Authorization", "Bearer wrong-token-0123456789abcdef"},
                new String[] {"Authorization", "Basic " + TOKEN}, new String[] {"Authorization", "Bearer " + TOKEN + "x"},
                new String[] {"Authorization", "Bearer "})) {
            Http.Reply unanswered = server.http().get("/api/admin/unanswered", headers);
            assertError(unanswered, 401, "Bearer");
            assertThat(unanswered.header("WWW-Authenticate")).startsWith("Bearer");
            assertError(server.http().send(server.http().request("/api/admin/reindex", headers)
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody())), 401, "Bearer");
        }
    }

    @Test
    void should_list_declined_questions_masked_most_frequent_first_with_counts() {
        // given
        server.http().ask(Http.json(Map.of("question", "月球上能交社保吗，我电话13912345678")));
        for (int i = 0; i < 3; i++) {
            server.http().ask(Http.json(Map.of("question", "火星养老院怎么申请？")));
        }
        server.http().ask(Http.json(Map.of("question", "火星 养老院 怎么申请")));
        Instant before = Instant.now().minusSeconds(60);

        // when
        Http.Reply r = server.http().get("/api/admin/unanswered?limit=10", "Authorization", "Bearer " + TOKEN);

        // then
        assertThat(r.status()).isEqualTo(200);
        JsonNode list = r.json().path("questions");
        JsonNode first = list.get(0);
        assertThat(first.path("question").asText()).contains("火星").contains("养老院");
        assertThat(first.path("count").asLong()).isEqualTo(4);
        // Both are outcomes the report lists; which of the two depends on the fitted models.
        assertThat(first.path("outcome").asText()).isIn("declined", "related");
        assertThat(Instant.parse(first.path("lastAsked").asText())).isAfter(before);
        assertThat(r.body()).contains("139****5678").doesNotContain("13912345678");
    }

    @Test
    void should_refuse_a_bad_limit() {
        assertError(server.http().get("/api/admin/unanswered?limit=0", "Authorization", "Bearer " + TOKEN), 400, "limit");
        assertError(server.http().get("/api/admin/unanswered?limit=x", "Authorization", "Bearer " + TOKEN), 400, "limit");
    }

    @Test
    void should_rebuild_the_index_while_searches_keep_being_answered() throws Exception {
        // given
        String builtBefore = server.http().get("/health").json().path("indexBuiltAt").asText();
        AtomicBoolean reindexing = new AtomicBoolean(true);
        ExecutorService searchers = Executors.newFixedThreadPool(2);
        List<Future<List<Integer>>> statuses = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            statuses.add(searchers.submit(() -> {
                List<Integer> seen = new ArrayList<>();
                while (reindexing.get() || seen.size() < 5) {
                    Http.Reply s = server.http().get("/api/search?k=3&q=" + WebApiTest.enc("口袋公园"));
                    seen.add(s.status() == 200 && s.json().path("hits").size() > 0 ? 200 : s.status());
                }
                return seen;
            }));
        }

        // when
        Http.Reply r = server.http().send(server.http().request("/api/admin/reindex", "Authorization", "Bearer " + TOKEN)
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
        reindexing.set(false);

        // then
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode result = r.json();
        var corpus = server.app().retrieval().searcher().corpus();
        assertThat(result.path("articles").asInt()).isEqualTo(corpus.articles().size());
        assertThat(result.path("passages").asInt()).isEqualTo(corpus.passages().size());
        assertThat(result.path("problems")).isEmpty();
        assertThat(result.path("indexBuiltAt").asText()).isNotEqualTo(builtBefore)
                .isEqualTo(server.http().get("/health").json().path("indexBuiltAt").asText());
        for (Future<List<Integer>> f : statuses) {
            assertThat(f.get()).isNotEmpty().containsOnly(200);
        }
        searchers.shutdown();
    }
}
