package org.policybot.bot.web;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;

/** Reads request bodies within the configured size limit (413 beyond it). */
final class Bodies {

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
        return ctx.bodyAsBytes();
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
