package org.policybot.bot.wechat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A local stand-in for WeChat's API server: {@code GET /cgi-bin/token} issues an access
 * token for the right AppID and secret, {@code POST /cgi-bin/message/custom/send} records
 * customer-service messages (or refuses them with a chosen errcode).
 */
final class WechatApiStandIn implements AutoCloseable {

    /** One customer-service call as received. */
    record Sent(String accessToken, JsonNode json) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    final List<Map<String, String>> tokenRequests = new CopyOnWriteArrayList<>();
    final List<Sent> sent = new CopyOnWriteArrayList<>();
    final List<JsonNode> refused = new CopyOnWriteArrayList<>();
    final String issuedToken = "ACCESS_" + UUID.randomUUID().toString().replace("-", "");
    /** Null: accept messages; otherwise the errcode to refuse them with. */
    final AtomicReference<Integer> refuseWith = new AtomicReference<>();

    WechatApiStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/cgi-bin/token", this::token);
        server.createContext("/cgi-bin/message/custom/send", this::send);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> q = EndpointServer.query(exchange.getRequestURI().getRawQuery());
        tokenRequests.add(q);
        boolean ok = "client_credential".equals(q.get("grant_type")) && WechatSide.APP_ID.equals(q.get("appid"))
                && WechatSide.APP_SECRET.equals(q.get("secret"));
        respond(exchange, ok ? "{\"access_token\":\"" + issuedToken + "\",\"expires_in\":7200}"
                : "{\"errcode\":40013,\"errmsg\":\"invalid appid\"}");
    }

    private void send(HttpExchange exchange) throws IOException {
        Map<String, String> q = EndpointServer.query(exchange.getRequestURI().getRawQuery());
        JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
        String token = q.get("access_token");
        if (!issuedToken.equals(token)) {
            respond(exchange, "{\"errcode\":40001,\"errmsg\":\"invalid credential\"}");
            return;
        }
        Integer refuse = refuseWith.get();
        if (refuse != null) {
            refused.add(body);
            respond(exchange, "{\"errcode\":" + refuse + ",\"errmsg\":\"api unauthorized\"}");
            return;
        }
        sent.add(new Sent(token, body));
        respond(exchange, "{\"errcode\":0,\"errmsg\":\"ok\"}");
    }

    private static void respond(HttpExchange exchange, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
