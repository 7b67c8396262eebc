package org.policybot.bot.channel;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP request as a webhook channel sees it, free of any server library: the web
 * package builds it from the server's request, so channel code stays server-agnostic.
 *
 * @param query   query parameters (first value of each)
 * @param headers header names in lower case (first value of each)
 */
public record HttpRequest(String method, String path, Map<String, String> query, Map<String, String> headers,
                          byte[] body, String remoteAddress) {

    public HttpRequest {
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    public String queryParam(String name) {
        return query.get(name);
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Lower-cases header names. */
    public static Map<String, String> headersOf(Map<String, List<String>> raw) {
        Map<String, String> out = new java.util.HashMap<>();
        raw.forEach((k, v) -> {
            if (k != null && v != null && !v.isEmpty()) {
                out.putIfAbsent(k.toLowerCase(Locale.ROOT), v.get(0));
            }
        });
        return out;
    }
}
