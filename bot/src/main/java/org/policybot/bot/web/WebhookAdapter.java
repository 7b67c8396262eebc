package org.policybot.bot.web;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.policybot.bot.channel.HttpRequest;
import org.policybot.bot.channel.HttpResponse;
import org.policybot.bot.channel.WebhookEndpoint;

/**
 * Mounts a channel's {@link WebhookEndpoint} on the server: turns the Javalin request into
 * the server-neutral {@link HttpRequest} and writes the {@link HttpResponse} back, so
 * channel code never sees Javalin. Bodies obey the same size limit as the API.
 */
final class WebhookAdapter {

    private WebhookAdapter() {
    }

    static Handler handler(WebhookEndpoint endpoint, Bodies bodies, ClientAddress clients) {
        return ctx -> write(ctx, endpoint.handle(request(ctx, bodies, clients)));
    }

    static HttpRequest request(Context ctx, Bodies bodies, ClientAddress clients) {
        Map<String, String> query = new HashMap<>();
        ctx.queryParamMap().forEach((k, v) -> {
            if (!v.isEmpty()) {
                query.put(k, v.get(0));
            }
        });
        Map<String, List<String>> headers = new HashMap<>();
        var names = ctx.req().getHeaderNames();
        while (names.hasMoreElements()) {
            String name = names.nextElement();
            headers.put(name, java.util.Collections.list(ctx.req().getHeaders(name)));
        }
        byte[] body = "GET".equals(ctx.method().name()) ? new byte[0] : bodies.read(ctx);
        return new HttpRequest(ctx.method().name(), ctx.path(), query, HttpRequest.headersOf(headers), body, clients.of(ctx));
    }

    static void write(Context ctx, HttpResponse r) {
        ctx.status(r.status());
        r.headers().forEach(ctx::header);
        if (r.contentType() != null) {
            ctx.contentType(r.contentType());
        }
        ctx.result(r.body());
    }
}
