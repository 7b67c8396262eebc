package org.policybot.bot.web;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;

/** Reads request bodies within the configured size limit (413 beyond it). */
final class Bodies {

    private final long max;

    Bodies(long max) {
        this.max = max;
    }

    /** The body bytes; refuses a declared length over the limit before reading anything. */
    byte[] read(Context ctx) {
        String declared = ctx.header("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.strip()) > max) {
                    throw new HttpResponseException(413, "请求体太大：最多 " + max + " 字节");
                }
            } catch (NumberFormatException ignored) {
                // Jetty rejects a malformed Content-Length before a handler runs.
            }
        }
        // Javalin stops reading past maxRequestSize (set to the same limit) and answers 413, chunked bodies too.
        return ctx.bodyAsBytes();
    }
}
