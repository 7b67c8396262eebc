package org.policybot.bot.channel;

import java.util.Optional;
import java.util.Set;

/**
 * A channel that receives HTTP calls (WeChat's /wechat, Telegram's webhook). The web
 * server mounts every endpoint it is given; the endpoint never sees server types.
 */
public interface WebhookEndpoint {

    /** The route, such as "/wechat". */
    String path();

    /** HTTP methods served on the route ("GET", "POST"). */
    Set<String> methods();

    /** Handles one call; must not throw for bad input (answer 4xx instead). */
    HttpResponse handle(HttpRequest request);

    /**
     * Checks what a call carries before its body is read (a signature in the query string, a
     * secret header), so a caller who cannot prove it is the platform cannot make the server
     * read a body at all. {@code head} has an empty body. A response refuses the call; empty
     * lets the body be read and {@link #handle} run (which may check again).
     */
    default Optional<HttpResponse> screen(HttpRequest head) {
        return Optional.empty();
    }

    /** Name for logs and /health ("wechat", "telegram-webhook"). */
    String name();
}
