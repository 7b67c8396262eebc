package org.policybot.bot.channel;

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

    /** Name for logs and /health ("wechat", "telegram-webhook"). */
    String name();
}
