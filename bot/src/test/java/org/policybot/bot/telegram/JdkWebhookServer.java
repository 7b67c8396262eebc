package org.policybot.bot.telegram;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import org.policybot.bot.channel.HttpRequest;
import org.policybot.bot.channel.HttpResponse;
import org.policybot.bot.channel.WebhookEndpoint;

/** Test-only: mounts a webhook endpoint on the JDK's HTTP server, as the web package does on Javalin. */
final class JdkWebhookServer implements AutoCloseable {

    private final HttpServer server;

    JdkWebhookServer(WebhookEndpoint endpoint) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(endpoint.path(), exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> query = new HashMap<>();
            HttpRequest request = new HttpRequest(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), query,
                    HttpRequest.headersOf(exchange.getRequestHeaders()), body,
                    exchange.getRemoteAddress().getAddress().getHostAddress());
            HttpResponse response = endpoint.methods().contains(exchange.getRequestMethod())
                    ? endpoint.handle(request) : HttpResponse.text(405, "method not allowed");
            exchange.getResponseHeaders().add("Content-Type", response.contentType());
            exchange.sendResponseHeaders(response.status(), response.body().length == 0 ? -1 : response.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
