package org.policybot.bot.web;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.Scheduler;
import org.policybot.bot.channel.HttpResponse;
import org.policybot.bot.channel.ThrottledLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every request body in full, without holding a thread, before the request reaches
 * Javalin, whose handlers read bodies with blocking calls. A client that sends its body a
 * byte at a time then holds a connection, not one of Jetty's request threads, and routes
 * without a body ({@code /health}) never wait behind it. What one client can make it do is
 * bounded:
 * <ul>
 *   <li>the whole body must arrive within {@code chatbot.http.body-timeout-ms}, else 408;</li>
 *   <li>at most {@link #READS_PER_CLIENT} bodies in progress per client address, else 429;</li>
 *   <li>at most {@code chatbot.http.max-body-bytes}, else 413 (a larger declared length at once);</li>
 *   <li>a webhook call whose signature or secret is wrong is refused before its body is read;</li>
 *   <li>a body the client breaks off or garbles is a 400 (nothing, if the client is gone),
 *       counted, with one log line a minute at most.</li>
 * </ul>
 * The refusals close the connection: what is left of the body is never read. One route is let
 * through unread: the document upload ({@code streamedPath}), whose handler checks the admin
 * token first and then streams the body to disk with a limit of its own.
 */
final class BodyGate extends Handler.Wrapper {

    private static final Logger log = LoggerFactory.getLogger(BodyGate.class);

    /**
     * Bodies one client address may be sending at once. Real clients send a body in well
     * under a second, so even a busy WeChat or Telegram server rarely has a few in progress;
     * NOTE: behind a proxy, set {@code chatbot.http.client-address-header}, or all clients share it.
     */
    static final int READS_PER_CLIENT = 16;

    /**
     * A declared length up to this is read and dropped before the 413 goes out: a client still
     * writing its body when the server closes gets a broken pipe instead of the answer.
     */
    static final long DRAIN_LIMIT = 1 << 20;

    private final int maxBytes;
    private final long timeoutMillis;
    private final BodyPermits permits;
    private final ClientAddress clients;
    private final WebhookScreens screens;
    private final MeterRegistry metrics;
    private final String streamedPath;
    private final ThrottledLog brokenLog = new ThrottledLog(log, Duration.ofMinutes(1));
    private final ThrottledLog slowLog = new ThrottledLog(log, Duration.ofMinutes(1));

    BodyGate(int maxBytes, Duration timeout, BodyPermits permits, ClientAddress clients, WebhookScreens screens,
             MeterRegistry metrics, String streamedPath) {
        this.maxBytes = maxBytes;
        this.streamedPath = streamedPath;
        this.timeoutMillis = timeout.toMillis();
        this.permits = permits;
        this.clients = clients;
        this.screens = screens;
        this.metrics = metrics;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Handler next = getHandler();
        if (next == null) {
            return false;
        }
        long declared = declaredLength(request);
        if (declared == 0 || HttpMethod.POST.is(request.getMethod()) && streamedPath.equals(Request.getPathInContext(request))) {
            return next.handle(request, response, callback);
        }
        String client = clients.of(request);
        Optional<HttpResponse> refused = screens.screen(request, client);
        if (refused.isPresent()) {
            HttpResponse r = refused.get();
            write(response, callback, r.status(), r.contentType(), r.body(), r.headers());
            return true;
        }
        if (declared > DRAIN_LIMIT) {
            refuse("too_large", response, callback, 413, ApiErrors.tooLarge(maxBytes), Map.of());
            return true;
        }
        if (!permits.tryAcquire(client)) {
            refuse("busy", response, callback, 429, "同一地址同时发送的请求太多，请稍后再试", Map.of("Retry-After", "1"));
            return true;
        }
        new Reading(next, request, response, callback, client).start();
        return true;
    }

    /** The declared Content-Length, -1 for a chunked body, 0 when there is none. */
    private static long declaredLength(Request request) {
        long length = 0;
        for (HttpField field : request.getHeaders()) {
            if (field.getHeader() == HttpHeader.CONTENT_LENGTH) {
                length = field.getLongValue();
            } else if (field.getHeader() == HttpHeader.TRANSFER_ENCODING
                    && field.contains(HttpHeaderValue.CHUNKED.asString())) {
                return -1;
            }
        }
        return length;
    }

    /** One body being read: chunks as they come, on Jetty's I/O callbacks, until the last or a deadline. */
    private final class Reading implements Invocable.Task {
        private final Handler next;
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final String client;
        private final AtomicBoolean finished = new AtomicBoolean();
        private byte[] body = new byte[1024];
        private long received;
        private volatile Scheduler.Task deadline;

        Reading(Handler next, Request request, Response response, Callback callback, String client) {
            this.next = next;
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.client = client;
        }

        void start() {
            deadline = request.getComponents().getScheduler().schedule(this::expire, timeoutMillis, TimeUnit.MILLISECONDS);
            read(false);
        }

        /** Called by Jetty when more of the body can be read. */
        @Override
        public void run() {
            read(true);
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }

        private void read(boolean onCallback) {
            while (!finished.get()) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    broken(chunk.getFailure());
                    return;
                }
                boolean last = chunk.isLast();
                try {
                    keep(chunk.getByteBuffer());
                } finally {
                    chunk.release();
                }
                if (received > DRAIN_LIMIT || (last && received > maxBytes)) {
                    if (finish()) {
                        refuse("too_large", response, callback, 413, ApiErrors.tooLarge(maxBytes), Map.of());
                    }
                    return;
                }
                if (last) {
                    if (finish()) {
                        dispatch(onCallback);
                    }
                    return;
                }
            }
        }

        /** Copies the chunk's bytes while within the limit; beyond it they are only counted (and dropped). */
        private void keep(ByteBuffer buffer) {
            int n = buffer.remaining();
            if (received + n <= maxBytes) {
                if (received + n > body.length) {
                    body = Arrays.copyOf(body, (int) Math.min(maxBytes, Math.max(received + n, body.length * 2L)));
                }
                buffer.get(body, (int) received, n);
            }
            received += n;
        }

        /** The body is complete: the route runs on a request thread, reading it from memory. */
        private void dispatch(boolean onCallback) {
            Request complete = new ReadRequest(request, ByteBuffer.wrap(body, 0, (int) received));
            if (onCallback) {
                request.getContext().execute(() -> handleNext(complete));
            } else {
                handleNext(complete);
            }
        }

        private void handleNext(Request complete) {
            try {
                if (!next.handle(complete, response, callback)) {
                    Response.writeError(request, response, callback, 404);
                }
            } catch (Exception e) {
                Response.writeError(request, response, callback, e);
            }
        }

        /** The deadline passed before the last byte came. */
        private void expire() {
            if (finish()) {
                slowLog.info("Request body from " + client + " not complete after " + timeoutMillis + " ms ("
                        + received + " bytes): answered 408, connection closed");
                refuse("timeout", response, callback, 408, "请求体发送太慢：须在 " + timeoutMillis / 1000.0 + " 秒内发完",
                        Map.of());
            }
        }

        /** The client broke the body off (closed, reset) or sent chunked framing Jetty cannot parse. */
        private void broken(Throwable failure) {
            if (!finish()) {
                return;
            }
            if (failure instanceof TimeoutException) {
                refuse("timeout", response, callback, 408, ApiErrors.statusText(408), Map.of());
                return;
            }
            boolean gone = failure instanceof EOFException;
            brokenLog.info("Request body from " + client + " " + (gone ? "broken off by the client" : "malformed")
                    + " after " + received + " bytes: " + failure.getClass().getSimpleName()
                    + (failure.getMessage() == null ? "" : " " + failure.getMessage()));
            refuse("broken", response, callback, 400, "请求体不完整或格式有误", Map.of());
        }

        /** True for the one caller (reader, deadline, failure) that ends the reading. */
        private boolean finish() {
            if (!finished.compareAndSet(false, true)) {
                return false;
            }
            if (deadline != null) {
                deadline.cancel();
            }
            permits.release(client);
            return true;
        }
    }

    /** The request as the route sees it: its whole body already in memory, read without blocking. */
    private static final class ReadRequest extends Request.Wrapper {
        private Content.Chunk body;

        ReadRequest(Request wrapped, ByteBuffer body) {
            super(wrapped);
            this.body = Content.Chunk.from(body, true);
        }

        @Override
        public Content.Chunk read() {
            synchronized (this) {
                Content.Chunk c = body;
                if (c != null) {
                    body = null;
                    return c;
                }
            }
            return super.read(); // the last chunk was consumed: end of content
        }
    }

    /** Answers a refusal in the API's JSON shape and closes the connection (the body is not read further). */
    private void refuse(String reason, Response response, Callback callback, int status, String message,
                        Map<String, String> headers) {
        metrics.counter("policybot.http.bodies.refused", "reason", reason).increment();
        byte[] body = JsonResponses.errorBytes(message);
        write(response, callback, status, JsonResponses.JSON, body, headers);
    }

    private static void write(Response response, Callback callback, int status, String contentType, byte[] body,
                              Map<String, String> headers) {
        response.setStatus(status);
        headers.forEach((k, v) -> response.getHeaders().put(k, v));
        if (contentType != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        }
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
