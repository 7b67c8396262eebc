package org.policybot.bot.web;

import io.javalin.http.Context;

/**
 * Request bodies as routes read them. {@link BodyGate} has read each one in full before the
 * route runs (and refused those over the size limit with 413), so this reads from memory.
 */
final class Bodies {

    byte[] read(Context ctx) {
        return ctx.bodyAsBytes();
    }
}
