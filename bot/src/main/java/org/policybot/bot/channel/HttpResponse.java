package org.policybot.bot.channel;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** What a webhook channel answers: status, content type and body. */
public record HttpResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

    public HttpResponse {
        body = body == null ? new byte[0] : body;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public static HttpResponse text(int status, String text) {
        return new HttpResponse(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static HttpResponse xml(String xml) {
        return new HttpResponse(200, "application/xml; charset=utf-8", xml.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static HttpResponse json(int status, String json) {
        return new HttpResponse(status, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8), Map.of());
    }
}
