package org.policybot.bot.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.policybot.bot.answer.InputText;
import org.policybot.bot.api.Json;
import org.policybot.retrieval.search.PassageSearcher;
import org.policybot.retrieval.search.QueryTerm;
import org.policybot.retrieval.search.SearchResult;

/**
 * {@code GET /api/search?q=…&k=…[&id=…][&user=…]}: the search JSON of the command line (its {@code id} the
 * caller's, or a generated one), plus {@code terms} (an added field): the words the search
 * understood, so the staff page can highlight them.
 */
final class SearchRoute {

    static final int MAX_K = 50;

    private final PassageSearcher searcher;
    private final int defaultK;
    private final RateGuard guard;
    private final Timer latency;

    SearchRoute(PassageSearcher searcher, int defaultK, RateGuard guard, MeterRegistry metrics) {
        this.searcher = searcher;
        this.defaultK = defaultK;
        this.guard = guard;
        this.latency = Timer.builder("policybot.search").description("time to search passages").register(metrics);
    }

    void handle(Context ctx) {
        String raw = ctx.queryParam("q");
        if (raw == null || raw.isBlank()) {
            throw new BadRequestResponse("缺少查询参数 q，例如 /api/search?q=养老保险转移");
        }
        String q = InputText.clean(raw);
        if (q.isEmpty() && raw.indexOf('\uFFFD') >= 0) {
            throw new BadRequestResponse("查询参数 q 只含无法识别的字符：请用 UTF-8 编码");
        }
        if (q.isEmpty()) {
            throw new BadRequestResponse("查询参数 q 不能为空（空白和不可见字符不算）");
        }
        int length = q.codePointCount(0, q.length());
        if (length > AskRequest.MAX_QUESTION) {
            throw new BadRequestResponse("查询太长：最多 " + AskRequest.MAX_QUESTION + " 个字，收到 " + length + " 个");
        }
        int k = k(ctx.queryParam("k"));
        String givenId = ctx.queryParam("id");
        JsonNode id = AskRequest.id(givenId == null ? null : Json.MAPPER.getNodeFactory().textNode(givenId.strip()));
        guard.check(ctx, user(ctx.queryParam("user")));
        String query = q;
        SearchResult result = latency.record(() -> searcher.search(query, List.of(), k));
        ObjectNode body = Json.searchResult(id, q, result);
        ArrayNode terms = body.putArray("terms");
        highlightTerms(result).forEach(terms::add);
        JsonResponses.ok(ctx, body);
    }

    private int k(String raw) {
        if (raw == null || raw.isBlank()) {
            return defaultK;
        }
        try {
            int k = Integer.parseInt(raw.strip());
            if (k >= 1 && k <= MAX_K) {
                return k;
            }
        } catch (NumberFormatException ignored) {
            // Answered below.
        }
        throw new BadRequestResponse("k 必须是 1 到 " + MAX_K + " 之间的整数");
    }

    /** Who searches, for the rate limit: capped like {@code user} on {@code /api/ask}. */
    private static String user(String raw) {
        String user = raw == null ? "" : raw.strip();
        if (user.length() > AskRequest.MAX_ID) {
            throw new BadRequestResponse("user 最多 " + AskRequest.MAX_ID + " 个字符");
        }
        return user;
    }

    /** The question's own words and their synonyms (not words carried over from context), longest first. */
    static List<String> highlightTerms(SearchResult result) {
        Set<String> out = new LinkedHashSet<>();
        for (QueryTerm t : result.query().terms()) {
            if (t.source() != QueryTerm.Source.CONTEXT && !t.text().isBlank()) {
                out.add(t.text());
            }
        }
        return out.stream().sorted((a, b) -> b.length() - a.length()).toList();
    }
}
