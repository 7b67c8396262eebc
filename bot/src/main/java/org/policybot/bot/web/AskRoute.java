package org.policybot.bot.web;

import io.javalin.http.Context;
import io.javalin.http.ServiceUnavailableResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.policybot.bot.answer.Answer;
import org.policybot.bot.answer.AnswerService;
import org.policybot.bot.answer.Question;
import org.policybot.bot.api.Json;

/**
 * {@code POST /api/ask}: checks the body, takes a rate-limit token, then composes the answer
 * on the shared bounded pool. When the pool and its queue are full the caller gets 503 at
 * once (with {@code Retry-After}) rather than waiting behind an unbounded queue.
 */
final class AskRoute {

    /** Prefix of conversation ids from the HTTP API, so they never meet a chat's ids. */
    static final String CONVERSATION_PREFIX = "http:";

    private final AnswerService answers;
    private final ExecutorService pool;
    private final RateGuard guard;
    private final Bodies bodies;

    AskRoute(AnswerService answers, ExecutorService pool, RateGuard guard, Bodies bodies) {
        this.answers = answers;
        this.pool = pool;
        this.guard = guard;
        this.bodies = bodies;
    }

    void handle(Context ctx) {
        AskRequest req = AskRequest.parse(bodies.read(ctx));
        guard.check(ctx, req.user());
        String conversation = req.conversationId().isEmpty() ? "" : CONVERSATION_PREFIX + req.conversationId();
        Question question = new Question(req.question(), req.context(), conversation, req.user(), req.asOf());
        CompletableFuture<Answer> answer;
        try {
            answer = CompletableFuture.supplyAsync(() -> answers.answer(question), pool);
        } catch (RejectedExecutionException e) {
            ctx.header("Retry-After", "1");
            throw new ServiceUnavailableResponse("服务繁忙，请稍后再试");
        }
        ctx.future(() -> answer.thenAccept(a -> JsonResponses.ok(ctx, Json.answer(req.id(), a))));
    }
}
