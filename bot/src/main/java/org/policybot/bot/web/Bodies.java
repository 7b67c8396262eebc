package org.policybot.bot.web;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;

/**
 * Reads request bodies within the configured size limit (413 beyond it); a body the client
 * broke or did not finish in time is a 400 or 408 in the JSON shape.
 */
final class Bodies {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Bodies.class);

    private final long max;

    Bodies(long max) {
        this.max = max;
    }

    /**
     * A declared length up to this is read and dropped before the 413 goes out: a client still
     * writing its body when the server closes gets a broken pipe instead of the answer.
     */
    static final long DRAIN_LIMIT = 1 << 20;

    /** The body bytes; refuses a declared length over the limit without keeping any of it. */
    byte[] read(Context ctx) {
        String declared = ctx.header("Content-Length");
        if (declared != null) {
            long length;
            try {
                length = Long.parseLong(declared.strip());
            } catch (NumberFormatException ignored) {
                // Jetty rejects a malformed Content-Length before a handler runs.
                length = -1;
            }
            if (length > max) {
                if (length <= DRAIN_LIMIT) {
                    drain(ctx);
                }
                throw new HttpResponseException(413, "请求体太大：最多 " + max + " 字节");
            }
        }
        // Javalin stops reading past maxRequestSize (set to the same limit) and answers 413, chunked bodies too.
        try {
            return ctx.bodyAsBytes();
        } catch (HttpResponseException e) {
            throw e;
        } catch (Exception e) {
            throw unreadable(ctx, e);
        }
    }

    /**
     * A body the client did not finish: too slow (Jetty's idle timeout), cut off or malformed.
     * Javalin would answer a timeout itself with an empty {@code text/plain} 408; here it
     * becomes the API's JSON error, with one log line and no stack trace.
     */
    private static RuntimeException unreadable(Context ctx, Exception e) {
        boolean timeout = false;
        for (Throwable t = e; t != null && !timeout; t = t.getCause() == t ? null : t.getCause()) {
            timeout = t instanceof java.util.concurrent.TimeoutException;
        }
        if (timeout) {
            log.info("{} {} from {}: the body did not arrive in time ({})", ctx.method(), ctx.path(), ctx.ip(), ApiErrors.brief(e));
            return new HttpResponseException(408, "请求超时：请求体没有按时发完");
        }
        int status = ApiErrors.clientFault(e);
        if (status > 0) {
            log.info("{} {} from {}: the body could not be read ({})", ctx.method(), ctx.path(), ctx.ip(), ApiErrors.brief(e));
            return new HttpResponseException(status, status == 400 ? ApiErrors.UNREADABLE : ApiErrors.statusText(status));
        }
        return e instanceof RuntimeException r ? r : new java.io.UncheckedIOException(new java.io.IOException(e.getMessage(), e));
    }

    private static void drain(Context ctx) {
        byte[] buffer = new byte[8192];
        try (java.io.InputStream in = ctx.req().getInputStream()) {
            while (in.read(buffer) >= 0) {
                // dropped
            }
        } catch (java.io.IOException e) {
            // The client gave up; the 413 goes out (or not) all the same.
        }
    }
}
