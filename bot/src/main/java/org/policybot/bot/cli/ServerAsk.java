package org.policybot.bot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.policybot.bot.answer.Answer;
import org.policybot.bot.answer.Question;
import org.policybot.bot.api.Json;
import org.policybot.bot.api.UsageException;

/**
 * {@code ask --server URL}: the question goes to a running {@code serve} through
 * {@code POST /api/ask}, so the command needs no index, model or database of its own and
 * starts in about a second. Whatever goes wrong is one line ({@link ServerAskException}).
 */
final class ServerAsk {

    /** The server could not be reached or refused the question; the message is one line. */
    static final class ServerAskException extends RuntimeException {
        ServerAskException(String message) {
            super(message);
        }
    }

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

    private final URI ask;
    private final HttpClient http;

    /** @param base the server's address, e.g. {@code http://127.0.0.1:8080} (a trailing slash or path prefix is kept) */
    ServerAsk(String base) {
        this.ask = askUri(base);
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    static URI askUri(String base) {
        URI uri;
        try {
            uri = new URI(base.strip());
        } catch (URISyntaxException e) {
            throw new UsageException("--server: not a URL: " + base);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new UsageException("--server: expected an http:// or https:// URL, got " + base);
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        return uri.resolve((path.endsWith("/") ? path : path + "/") + "api/ask");
    }

    /** The server's answer JSON for one question. */
    JsonNode answerJson(Question q) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("question", q.text());
        q.context().forEach(body.putArray("context")::add);
        body.put("user", "cli");
        q.asOf().ifPresent(day -> body.put("asOf", day.toString()));
        HttpRequest request = HttpRequest.newBuilder(ask).timeout(ANSWER_TIMEOUT)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(Json.line(body), StandardCharsets.UTF_8)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw new ServerAskException("cannot reach " + ask + ": connection refused (is 'chatbot serve' running there?)");
        } catch (HttpTimeoutException e) {
            throw new ServerAskException("no answer from " + ask + " in time");
        } catch (IOException e) {
            throw new ServerAskException("cannot reach " + ask + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerAskException("interrupted while waiting for " + ask);
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            node = null;
        }
        if (response.statusCode() != 200) {
            String why = node != null && node.path("error").isTextual() ? node.path("error").asText()
                    : "HTTP " + response.statusCode();
            throw new ServerAskException("the server refused the question: " + why);
        }
        if (node == null || !node.isObject()) {
            throw new ServerAskException(ask + " did not answer with JSON (is it a policybot server?)");
        }
        return node;
    }

    /** The server's answer, read back into the record the text output prints. */
    Answer answer(Question q) {
        JsonNode node = answerJson(q);
        try {
            return Json.readAnswer(node);
        } catch (IllegalArgumentException e) {
            throw new ServerAskException(ask + " answered something else: " + e.getMessage());
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
