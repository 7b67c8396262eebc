package org.policybot.bot.wechat;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.policybot.bot.channel.HttpRequest;
import org.policybot.bot.channel.HttpResponse;
import org.policybot.bot.channel.ThrottledLog;
import org.policybot.bot.channel.WebhookEndpoint;
import org.policybot.bot.privacy.Masking;
import org.policybot.bot.store.DatabaseUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /wechat} (server verification) and {@code POST /wechat} (messages). Every
 * request must carry WeChat's signature and a fresh timestamp, and a message a nonce not
 * used before with another body, or it gets 403 and nothing is parsed or answered. A message gets its passive reply (XML, encrypted in safe mode)
 * or "success"; a failure while answering still gets a polite text, never a stack trace.
 * A refused request gets a fixed word ("forbidden", "bad request"); why is logged, not sent,
 * in one line a minute at most (anyone can send refused requests), and counted.
 */
final class WechatEndpoint implements WebhookEndpoint {

    private static final Logger log = LoggerFactory.getLogger(WechatEndpoint.class);

    /** Larger bodies are refused: WeChat's messages are a few hundred bytes. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private static final String SUCCESS = "success";

    private final RequestSignature signature;
    private final NonceStore nonces;
    private final WechatCodec codec;
    private final WechatDialog dialog;
    private final WechatMetrics metrics;
    private final Duration budget;
    private final int maxBodyBytes;
    private final ThrottledLog refusedLog = new ThrottledLog(log, Duration.ofMinutes(1));

    WechatEndpoint(RequestSignature signature, NonceStore nonces, WechatCodec codec, WechatDialog dialog,
                   WechatMetrics metrics, Duration budget, int maxBodyBytes) {
        this.signature = signature;
        this.nonces = nonces;
        this.codec = codec;
        this.dialog = dialog;
        this.metrics = metrics;
        this.budget = budget;
        this.maxBodyBytes = Math.min(MAX_BODY_BYTES, maxBodyBytes);
    }

    @Override
    public String path() {
        return "/wechat";
    }

    @Override
    public Set<String> methods() {
        return Set.of("GET", "POST");
    }

    @Override
    public String name() {
        return "wechat";
    }

    /**
     * A message's query signature and timestamp, checked before its body is read: a caller
     * without our token cannot make the server read a body. (Safe mode's msg_signature covers
     * the body, so it is checked after.)
     */
    @Override
    public Optional<HttpResponse> screen(HttpRequest head) {
        if (!"POST".equalsIgnoreCase(head.method())) {
            return Optional.empty();
        }
        try {
            checkSignature(head);
            return Optional.empty();
        } catch (Rejected e) {
            return Optional.of(refused(head, e));
        }
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        long deadline = System.nanoTime() + budget.toNanos();
        try {
            return switch (request.method().toUpperCase(Locale.ROOT)) {
                case "GET" -> verify(request);
                case "POST" -> message(request, deadline);
                default -> HttpResponse.text(405, "method not allowed");
            };
        } catch (Rejected e) {
            return refused(request, e);
        }
    }

    private HttpResponse refused(HttpRequest request, Rejected e) {
        metrics.refused(e.status());
        refusedLog.warn("WeChat request from " + request.remoteAddress() + " refused (" + e.status() + "): " + e.getMessage());
        // The reason is for our log only: the parser's words would tell a prober how we parse.
        return HttpResponse.text(e.status(), switch (e.status()) {
            case 403 -> "forbidden";
            case 413 -> "request body too large";
            default -> "bad request";
        });
    }

    /** Server verification: echo {@code echostr} only for a valid signature. */
    private HttpResponse verify(HttpRequest request) throws Rejected {
        checkSignature(request);
        String echo = request.queryParam("echostr");
        if (echo == null || echo.isEmpty()) {
            throw Rejected.badRequest("echostr missing");
        }
        return HttpResponse.text(200, echo);
    }

    private HttpResponse message(HttpRequest request, long deadline) throws Rejected {
        if (request.body().length > maxBodyBytes) {
            throw new Rejected(413, "body of " + request.body().length + " bytes");
        }
        checkSignature(request);
        WechatMessage m = codec.decode(request);
        Optional<String> reply;
        try {
            refuseReplay(request);
            metrics.message(m.kind());
            log.debug("WeChat {} from {}: {}", m.kind(), Masking.maskId(m.openId()), Masking.mask(m.content()));
            reply = dialog.reply(m, deadline);
        } catch (DatabaseUnavailableException e) {
            // Nothing could be stored, so nothing was answered: the user is asked to try again (WeChat
            // would show its own "cannot serve" for a 5xx). The database logs the outage once.
            log.debug("WeChat message from {} not taken while the database is unavailable: {}", Masking.maskId(m.openId()),
                    e.getMessage());
            reply = Optional.of(dialog.failed());
        } catch (RuntimeException e) {
            log.error("WeChat message from {} failed: {}", Masking.maskId(m.openId()), e.toString());
            reply = Optional.of(dialog.failed());
        }
        if (reply.isEmpty()) {
            return HttpResponse.text(200, SUCCESS);
        }
        return HttpResponse.xml(codec.reply(m, reply.get()));
    }

    /**
     * Refuses a signed query seen before with another body (a captured signature replayed with
     * a body of the attacker's). The same body again is WeChat's retry of the same message, which
     * the MsgId answers as before. Checked after safe mode's msg_signature, so only bodies WeChat
     * signed can claim a nonce.
     */
    private void refuseReplay(HttpRequest request) throws Rejected {
        String timestamp = request.queryParam("timestamp").strip();
        if (!nonces.admit(timestamp, request.queryParam("nonce").strip(), digest(request.body()),
                signature.acceptedUntil(timestamp))) {
            throw Rejected.forbidden("timestamp and nonce already used with another body (a replay)");
        }
    }

    private static String digest(byte[] body) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private void checkSignature(HttpRequest request) throws Rejected {
        signature.check(request.queryParam("signature"), request.queryParam("timestamp"), request.queryParam("nonce"));
    }
}
