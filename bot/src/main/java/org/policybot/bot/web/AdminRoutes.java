package org.policybot.bot.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.UnauthorizedResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.policybot.bot.store.QuestionLog;
import org.policybot.retrieval.index.IndexException;
import org.policybot.retrieval.index.IndexService;
import org.policybot.retrieval.ingest.ArticleReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Staff-only routes under {@code /api/admin/}, behind {@code Authorization: Bearer <token>}
 * (compared in constant time); off (404) when no token is configured.
 * {@code POST /api/admin/reindex} rebuilds the index beside the one in service and swaps it
 * in; {@code GET /api/admin/unanswered} lists questions not answered outright (declined, related,
 * clarify, low confidence), most frequent first. The document routes ({@link DocumentRoutes})
 * sit behind the same check.
 */
final class AdminRoutes {

    private static final Logger log = LoggerFactory.getLogger(AdminRoutes.class);
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;

    private final byte[] tokenDigest;
    private final IndexService index;
    private final QuestionLog questions;

    /** @param token the admin token, "" to turn admin routes off */
    AdminRoutes(String token, IndexService index, QuestionLog questions) {
        this.tokenDigest = token.isEmpty() ? null : sha256(token);
        this.index = index;
        this.questions = questions;
    }

    /** The handler behind the bearer-token check. */
    Handler guarded(Handler inner) {
        return ctx -> {
            authorize(ctx);
            inner.handle(ctx);
        };
    }

    void authorize(Context ctx) {
        if (tokenDigest == null) {
            throw new NotFoundResponse("管理接口未启用（设置 CHATBOT_ADMIN_TOKEN 后开启）");
        }
        String header = ctx.header("Authorization");
        String given = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : "";
        // Digests have the same length whatever was sent, so the comparison time says nothing about the token.
        if (given.isEmpty() || !MessageDigest.isEqual(tokenDigest, sha256(given))) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"policybot-admin\"");
            throw new UnauthorizedResponse("需要有效的管理令牌：Authorization: Bearer <CHATBOT_ADMIN_TOKEN>");
        }
    }

    void reindex(Context ctx) {
        IndexService.BuildResult r;
        try {
            r = index.rebuild();
        } catch (IndexException e) {
            log.warn("Reindex failed, the previous index keeps serving: {}", e.getMessage());
            JsonResponses.error(ctx, 500, "重建索引失败，原索引继续使用：" + e.getMessage());
            return;
        }
        log.info("Reindexed: {} articles, {} passages in {} ms", r.articles(), r.passages(), r.millis());
        JsonResponses.ok(ctx, summary(r));
    }

    /** What a build did, as reindex and the document routes answer it; {@code indexBuiltAt} is the generation now in service. */
    ObjectNode summary(IndexService.BuildResult r) {
        ObjectNode n = JsonResponses.object();
        n.put("status", "ok");
        n.put("articles", r.articles());
        n.put("passages", r.passages());
        n.put("millis", r.millis());
        n.put("indexBuiltAt", index.live().generation().builtAt().toString());
        ArrayNode problems = n.putArray("problems");
        for (ArticleReader.Problem p : r.problems()) {
            problems.addObject().put("file", p.file()).put("message", p.message());
        }
        return n;
    }

    void unanswered(Context ctx) {
        int limit = limit(ctx.queryParam("limit"));
        ObjectNode n = JsonResponses.object();
        ArrayNode list = n.putArray("questions");
        for (QuestionLog.Unanswered u : questions.unanswered(limit)) {
            list.addObject()
                    .put("question", u.question())
                    .put("count", u.count())
                    .put("lastAsked", u.lastAsked().toString())
                    .put("outcome", json(u.outcome()));
        }
        ctx.header("Cache-Control", "no-store");
        JsonResponses.ok(ctx, n);
    }

    /** The report's outcome values: "declined", "related", "clarify", "low-confidence". */
    static String json(QuestionLog.Outcome outcome) {
        return switch (outcome) {
            case DECLINED -> "declined";
            case RELATED -> "related";
            case CLARIFY -> "clarify";
            case LOW_CONFIDENCE, ANSWERED -> "low-confidence";
        };
    }

    private static int limit(String raw) {
        if (raw == null || raw.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(raw.strip());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // Answered below.
        }
        throw new BadRequestResponse("limit 必须是 1 到 " + MAX_LIMIT + " 之间的整数");
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
