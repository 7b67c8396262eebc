package org.policybot.bot.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.policybot.bot.api.Json;

/** Writes JSON bodies with the API's content type, through the project's one ObjectMapper. */
final class JsonResponses {

    static final String JSON = "application/json; charset=utf-8";

    private JsonResponses() {
    }

    static void write(Context ctx, int status, JsonNode body) {
        ctx.status(status).contentType(JSON).result(Json.line(body));
    }

    static void ok(Context ctx, JsonNode body) {
        write(ctx, 200, body);
    }

    static void error(Context ctx, int status, String message) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("error", message);
        write(ctx, status, n);
    }

    /** {@code {"error": message}} as bytes, for answers written below Javalin. */
    static byte[] errorBytes(String message) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("error", message);
        return Json.line(n).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static ObjectNode object() {
        return Json.MAPPER.createObjectNode();
    }
}
