package org.policybot.bot.wecom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.policybot.bot.channel.TextSplitter;
import org.policybot.bot.privacy.Masking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link GroupRobot} over HTTP: posts WeCom's JSON ({@code {"msgtype":"text","text":
 * {"content":…}}}, or markdown) to the robot's webhook URL. Content over the limit (2,048
 * bytes for text, 4,096 for markdown) is cut at lines and sentences and sent in order;
 * each robot gets at most 20 messages a minute (waiting when needed); a busy robot, a
 * server error or a network error is retried twice with back-off, a rejection is not.
 */
public final class WecomRobotSender implements GroupRobot {

    private static final Logger log = LoggerFactory.getLogger(WecomRobotSender.class);

    public static final int TEXT_MAX_BYTES = 2048;
    public static final int MARKDOWN_MAX_BYTES = 4096;
    public static final int PER_MINUTE = 20;
    static final int ATTEMPTS = 3;

    /** errcode -1: system busy; 45009: too many messages (another sender shares the robot). */
    private static final int BUSY = -1;
    private static final int TOO_FREQUENT = 45009;
    private static final Pattern KEY = Pattern.compile("(?i)(key=)([^&]*)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final RobotPacer pacer;

    /**
     * @param sleeper how to wait for the rate limit and between attempts (tests advance a clock)
     */
    public WecomRobotSender(HttpClient http, Clock clock, Sleeper sleeper) {
        this.http = http;
        this.pacer = new RobotPacer(clock, sleeper, PER_MINUTE, Duration.ofMinutes(1));
    }

    /** A sender with its own HTTP client, the system clock and real waiting. */
    public static WecomRobotSender create() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        return new WecomRobotSender(http, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()));
    }

    /** Waits for a while; the seam that lets tests skip real minutes. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    @Override
    public void sendText(URI webhook, String content) {
        send(webhook, "text", TextSplitter.split(content, TEXT_MAX_BYTES));
    }

    @Override
    public void sendMarkdown(URI webhook, String content) {
        send(webhook, "markdown", TextSplitter.split(content, MARKDOWN_MAX_BYTES));
    }

    private void send(URI webhook, String type, List<String> parts) {
        String scheme = webhook.getScheme() == null ? "" : webhook.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("not an http(s) robot webhook: " + masked(webhook));
        }
        for (int i = 0; i < parts.size(); i++) {
            try {
                sendOne(webhook, type, parts.get(i));
            } catch (WecomException e) {
                throw new WecomException(e.getMessage() + " (" + i + " of " + parts.size() + " messages sent)",
                        e.errorCode(), e.getCause());
            }
        }
        log.debug("WeCom robot {}: {} {} message(s) sent", masked(webhook), parts.size(), type);
    }

    private void sendOne(URI webhook, String type, String content) {
        HttpRequest request = HttpRequest.newBuilder(webhook)
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body(type, content), StandardCharsets.UTF_8))
                .build();
        Outcome last = null;
        try {
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                last = pacer.paced(webhook.toString(), () -> post(request));
                if (last.ok()) {
                    return;
                }
                if (!last.retriable() || attempt == ATTEMPTS) {
                    break;
                }
                Duration wait = last.code() == TOO_FREQUENT ? Duration.ofMinutes(1) : Duration.ofSeconds(1L << (attempt - 1));
                log.warn("WeCom robot {} failed ({}); retrying in {} s", masked(webhook), last.problem(), wait.toSeconds());
                pacer.pause(wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WecomException("interrupted while sending to WeCom robot " + masked(webhook), -1, e);
        }
        throw new WecomException("WeCom robot " + masked(webhook) + " did not take the message: " + last.problem(),
                last.code(), last.cause());
    }

    /** What one POST came to. */
    private record Outcome(boolean ok, boolean retriable, int code, String problem, Throwable cause) {
        static Outcome failed(boolean retriable, int code, String problem, Throwable cause) {
            return new Outcome(false, retriable, code, problem, cause);
        }
    }

    private Outcome post(HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Outcome.failed(true, -1, "network error: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.failed(false, -1, "interrupted", e);
        }
        int status = response.statusCode();
        if (status != 200) {
            return Outcome.failed(status >= 500 || status == 429, status, "HTTP " + status, null);
        }
        JsonNode json;
        try {
            json = JSON.readTree(response.body());
        } catch (IOException e) {
            return Outcome.failed(false, status, "response is not JSON", e);
        }
        int code = json.path("errcode").asInt(Integer.MIN_VALUE);
        if (code == 0) {
            return new Outcome(true, false, 0, "", null);
        }
        String problem = "errcode " + code + " " + json.path("errmsg").asText("");
        return Outcome.failed(code == BUSY || code == TOO_FREQUENT, code, problem, null);
    }

    private static String body(String type, String content) {
        ObjectNode root = JSON.createObjectNode();
        root.put("msgtype", type);
        root.putObject(type).put("content", content);
        return root.toString();
    }

    /** The webhook URL with its key shortened ("key=69***ab"): safe for logs and errors. */
    public static String masked(URI webhook) {
        String s = webhook.toString();
        Matcher m = KEY.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + Masking.maskId(m.group(2))));
        }
        m.appendTail(out);
        return out.toString();
    }
}
