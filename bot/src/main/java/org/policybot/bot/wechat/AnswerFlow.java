package org.policybot.bot.wechat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.policybot.bot.answer.Answer;
import org.policybot.bot.answer.AnswerService;
import org.policybot.bot.channel.Clarifications;
import org.policybot.bot.privacy.Masking;
import org.policybot.bot.ratelimit.RateLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a text question within WeChat's five seconds, exactly once per MsgId. A message
 * that picks an option of the clarify answer just given ("1", "安澜") is asked for that option.
 *
 * <p>The answer is computed on the shared answer pool. If it is ready within the budget
 * it is the passive reply (cut into parts, the rest kept for "更多"). If not, WeChat gets
 * "success" at once, the answer keeps computing, and when ready it is sent through the
 * customer-service API; if that is not permitted it stays stored and is handed out on
 * WeChat's retry of the message or with the reply to the user's next message. Every
 * hand-out goes through {@link WechatStore#take}, so no answer is given twice.
 */
final class AnswerFlow {

    private static final Logger log = LoggerFactory.getLogger(AnswerFlow.class);

    /** A passive reply: the text, or empty for "success" (nothing shown to the user). */
    private static final Optional<String> SUCCESS = Optional.empty();
    /**
     * A process that has not noted it is alive for this long has stopped, and its claims are
     * taken over: five missed heartbeats ({@link WechatChannel#HEARTBEAT}), so a replica busy
     * for a moment is not mistaken for a stopped one.
     */
    static final java.time.Duration OWNER_STALE_AFTER = WechatChannel.HEARTBEAT.multipliedBy(5);
    /** How often a retry checks the database for the answer another replica is computing. */
    private static final long POLL_MILLIS = 100;

    private final AnswerService answers;
    private final Clarifications clarifications;
    private final WechatStore store;
    private final RateLimiter limiter;
    private final ExecutorService answerPool;
    private final Executor delivery;
    private final Optional<CustomerService> customerService;
    private final WechatMetrics metrics;
    private final WechatTexts texts;
    private final ReplyText replyText;
    private final Map<String, CompletableFuture<String>> inflight = new ConcurrentHashMap<>();
    private final Set<String> pushScheduled = ConcurrentHashMap.newKeySet();

    AnswerFlow(AnswerService answers, Clarifications clarifications, WechatStore store, RateLimiter limiter,
               ExecutorService answerPool, Executor delivery, Optional<CustomerService> customerService, WechatMetrics metrics,
               WechatTexts texts) {
        this.texts = texts;
        this.replyText = new ReplyText(texts);
        this.answers = answers;
        this.clarifications = clarifications;
        this.store = store;
        this.limiter = limiter;
        this.answerPool = answerPool;
        this.delivery = delivery;
        this.customerService = customerService;
        this.metrics = metrics;
    }

    /** The passive reply to a text question; {@code deadline} is a {@link System#nanoTime()} value. */
    Optional<String> question(WechatMessage m, long deadline) {
        if (store.claim(m.msgId(), m.openId(), Masking.mask(m.content().strip()))) {
            return fresh(m, deadline);
        }
        Optional<WechatStore.Stored> stored = store.find(m.msgId());
        if (stored.isEmpty()) {
            return question(m, deadline);
        }
        metrics.retry();
        return retry(stored.get(), m, deadline);
    }

    /**
     * The reply to "更多", once per MsgId: answers the user has not seen yet if any are kept,
     * else the next part of the last long reply.
     */
    Optional<String> more(WechatMessage m) {
        if (!store.claim(m.msgId(), m.openId(), Masking.mask(m.content().strip()))) {
            metrics.retry();
            return store.find(m.msgId()).map(WechatStore.Stored::reply);
        }
        WechatStore.Taken kept = store.take(m.openId(), null, taken -> pages(taken, m, ""), false);
        String text;
        if (!kept.isEmpty()) {
            text = firstPage(m, kept);
            metrics.reply("kept");
        } else {
            text = store.nextPart(m.openId()).orElseGet(texts::noMore);
            metrics.reply("more");
        }
        store.answered(m.msgId(), text);
        return Optional.of(text);
    }

    private Optional<String> fresh(WechatMessage m, long deadline) {
        RateLimiter.Decision decision = limiter.tryAcquire("wechat:" + m.openId());
        if (!decision.allowed()) {
            String text = texts.rateLimited(decision.retryAfterSeconds());
            store.answered(m.msgId(), text);
            metrics.reply("rate-limited");
            return Optional.of(text);
        }
        CompletableFuture<String> answer;
        try {
            answer = compute(m);
        } catch (RejectedExecutionException e) {
            store.release(m.msgId());
            log.warn("WeChat question from {} not started: the answer pool is full", Masking.maskId(m.openId()));
            metrics.reply("busy");
            return Optional.of(texts.busy());
        }
        return await(m, answer, deadline);
    }

    private Optional<String> retry(WechatStore.Stored stored, WechatMessage m, long deadline) {
        switch (stored.state()) {
            case DELIVERED:
                return Optional.ofNullable(stored.reply());
            case READY:
                return handOutOwn(m);
            default:
                CompletableFuture<String> running = inflight.get(m.msgId());
                if (running == null) {
                    // The answer may have been stored and its computation removed since the state
                    // was read: the stored answer is handed out rather than computed twice.
                    Optional<WechatStore.Stored> now = store.find(m.msgId());
                    if (now.isPresent() && now.get().state() != WechatStore.State.PENDING) {
                        return retry(now.get(), m, deadline);
                    }
                    if (now.isPresent() && store.computedElsewhere(now.get(), OWNER_STALE_AFTER)) {
                        return awaitElsewhere(m, deadline);
                    }
                    // Claimed before a restart, or by a replica that stopped: the computation was
                    // lost, start it again. Several replicas may find it so; the conditional
                    // update lets one of them compute it.
                    if (now.isPresent() && now.get().owner() != null && !store.takeOver(now.get())) {
                        return awaitElsewhere(m, deadline);
                    }
                    try {
                        running = compute(m);
                    } catch (RejectedExecutionException e) {
                        return SUCCESS;
                    }
                }
                return await(m, running, deadline);
        }
    }

    /**
     * A retry that reached this replica while another computes the answer: waits for the
     * answer to appear in the database, within the same budget as an answer computed here.
     * NOTE: waiting, not computing, is what keeps one question one computation across
     * replicas; the cost is a database read every {@value #POLL_MILLIS} ms for at most the
     * 4-second budget. When the budget runs out, WeChat gets "success" as for a late answer of
     * our own: the owner sends or keeps the answer, and the next retry or message hands it out.
     */
    private Optional<String> awaitElsewhere(WechatMessage m, long deadline) {
        while (System.nanoTime() < deadline) {
            try {
                Thread.sleep(Math.min(POLL_MILLIS, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return SUCCESS;
            }
            Optional<WechatStore.Stored> now = store.find(m.msgId());
            if (now.isEmpty()) {
                return SUCCESS; // released by its owner (its answer pool was full): WeChat's next retry starts afresh
            }
            if (now.get().state() != WechatStore.State.PENDING || !store.computedElsewhere(now.get(), OWNER_STALE_AFTER)) {
                return retry(now.get(), m, deadline);
            }
        }
        metrics.reply("deferred");
        return SUCCESS;
    }

    private CompletableFuture<String> compute(WechatMessage m) {
        CompletableFuture<String> f = inflight.computeIfAbsent(m.msgId(), id -> CompletableFuture
                .supplyAsync(() -> answerText(m), answerPool)
                .thenApply(text -> {
                    store.ready(id, text);
                    return text;
                }));
        f.whenComplete((text, error) -> inflight.remove(m.msgId(), f));
        return f;
    }

    private String answerText(WechatMessage m) {
        try {
            String conversation = "wechat:" + m.openId();
            Answer answer = answers.answer(clarifications.question(m.content(), conversation, m.openId()));
            clarifications.answered(answer, conversation);
            return replyText.of(answer);
        } catch (RuntimeException e) {
            log.error("Answering a WeChat question from {} failed: {}", Masking.maskId(m.openId()), e.toString());
            return texts.failed();
        }
    }

    private Optional<String> await(WechatMessage m, CompletableFuture<String> answer, long deadline) {
        try {
            answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return handOutOwn(m);
        } catch (TimeoutException e) {
            schedulePush(m, answer);
            metrics.reply("deferred");
            // Answers kept from earlier questions need not wait for this one.
            WechatStore.Taken kept = store.take(m.openId(), null,
                    taken -> pages(taken, m, ReplyText.BREAK + texts.stillWorking()), false);
            return kept.isEmpty() ? SUCCESS : Optional.of(firstPage(m, kept));
        } catch (ExecutionException e) {
            log.error("Storing the answer to a WeChat question from {} failed: {}", Masking.maskId(m.openId()),
                    e.getCause().toString());
            return Optional.of(texts.failed());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            schedulePush(m, answer);
            return SUCCESS;
        }
    }

    /** Hands out this message's answer (with any kept earlier ones) as the passive reply. */
    private Optional<String> handOutOwn(WechatMessage m) {
        WechatStore.Taken taken = store.take(m.openId(), m.msgId(), answers -> pages(answers, m, ""), true);
        if (taken.isEmpty()) {
            // Another request or the customer-service push took it: say what was said then.
            return store.find(m.msgId()).map(WechatStore.Stored::reply);
        }
        metrics.reply("passive");
        return Optional.of(firstPage(m, taken));
    }

    /** The first page is the reply; the others wait for "更多". */
    private String firstPage(WechatMessage m, WechatStore.Taken taken) {
        List<String> pages = taken.texts();
        store.setMoreParts(m.openId(), pages.subList(1, pages.size()));
        return pages.get(0);
    }

    private List<String> pages(List<WechatStore.Stored> answers, WechatMessage m, String note) {
        return replyText.pages(combine(answers, m) + note);
    }

    private void schedulePush(WechatMessage m, CompletableFuture<String> answer) {
        if (pushScheduled.add(m.msgId())) {
            answer.whenComplete((text, error) -> pushScheduled.remove(m.msgId()));
            answer.thenRunAsync(() -> {
                try {
                    push(m);
                } catch (RuntimeException e) {
                    log.error("Delivering a late answer to {} failed; it waits for the user's next message: {}",
                            Masking.maskId(m.openId()), e.toString());
                }
            }, delivery);
        }
    }

    /** Sends a late answer through the customer-service API, or keeps it when that fails. */
    private void push(WechatMessage m) {
        if (customerService.isEmpty()) {
            metrics.reply("kept");
            return;
        }
        WechatStore.Taken taken = store.take(m.openId(), m.msgId(), answers -> ReplyText.messages(combine(answers, m)), false);
        if (taken.isEmpty()) {
            return;
        }
        List<String> messages = taken.texts();
        for (int i = 0; i < messages.size(); i++) {
            try {
                customerService.get().send(m.openId(), messages.get(i));
            } catch (CustomerService.Refused e) {
                log.warn("Customer-service message to {} not sent ({}); the answer waits for the user's next message",
                        Masking.maskId(m.openId()), e.getMessage());
                if (i == 0) {
                    store.giveBack(taken);
                } else {
                    store.setMoreParts(m.openId(), new ArrayList<>(messages.subList(i, messages.size())));
                }
                metrics.reply("kept");
                return;
            }
        }
        metrics.reply("customer-service");
    }

    /**
     * The answer to the message being replied to as it is; answers to earlier questions (or
     * several answers) each under the question it answers, so the user can tell them apart.
     */
    private String combine(List<WechatStore.Stored> taken, WechatMessage replyingTo) {
        if (taken.size() == 1 && taken.get(0).msgId().equals(replyingTo.msgId())) {
            return taken.get(0).answer();
        }
        List<String> sections = new ArrayList<>();
        for (WechatStore.Stored s : taken) {
            sections.add(texts.answerTo(s.question()) + "\n" + s.answer());
        }
        // Separate parts: answers that fit together share a reply, a long one keeps its parts whole.
        return String.join(String.valueOf(ReplyText.BREAK), sections);
    }
}
