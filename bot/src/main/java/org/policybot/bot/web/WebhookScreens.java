package org.policybot.bot.web;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;
import org.policybot.bot.channel.HttpRequest;
import org.policybot.bot.channel.HttpResponse;
import org.policybot.bot.channel.WebhookEndpoint;

/**
 * The webhooks' checks made before a body is read ({@link WebhookEndpoint#screen}): finds
 * the endpoint of a request's path and asks it about the request's query and headers.
 */
final class WebhookScreens {

    private final Map<String, WebhookEndpoint> byPath = new HashMap<>();

    WebhookScreens(List<WebhookEndpoint> endpoints) {
        endpoints.forEach(e -> byPath.put(e.path(), e));
    }

    /** The endpoint's refusal of the request, or empty (not a webhook, another method, or let in). */
    Optional<HttpResponse> screen(Request request, String client) {
        WebhookEndpoint endpoint = byPath.get(Request.getPathInContext(request));
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        if (endpoint == null || !endpoint.methods().contains(method)) {
            return Optional.empty();
        }
        Map<String, String> query = new HashMap<>();
        try {
            Fields fields = Request.extractQueryParameters(request);
            fields.forEach(f -> query.put(f.getName(), f.getValue()));
        } catch (RuntimeException e) {
            return Optional.empty(); // a query Jetty cannot decode: the route answers it
        }
        Map<String, List<String>> headers = new HashMap<>();
        for (HttpField h : request.getHeaders()) {
            headers.computeIfAbsent(h.getName(), k -> new java.util.ArrayList<>()).add(h.getValue());
        }
        return endpoint.screen(new HttpRequest(method, endpoint.path(), query, HttpRequest.headersOf(headers), null, client));
    }
}
