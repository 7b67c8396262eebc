package org.policybot.bot.telegram;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.policybot.bot.channel.HttpRequest;
import org.policybot.bot.channel.HttpResponse;
import org.policybot.bot.channel.WebhookEndpoint;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * {@code POST /telegram} in webhook mode: checks Telegram's secret header (before the body
 * is read), stores the update and acknowledges at once; the answer is composed and sent
 * asynchronously. A 5xx (the database could not store the update) makes Telegram deliver it
 * again; an update that can never be stored or read (malformed) is acknowledged and counted.
 * The web server mounts it before the channel starts; until the channel has handed out the
 * updates a previous run left unanswered ({@link #open()}), it answers 503, so an update
 * cannot be handed out both as new and as left over, and Telegram delivers it again a little
 * later.
 */
final class TelegramWebhook implements WebhookEndpoint {

    static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

    private final byte[] secret;
    private final UpdateIntake intake;
    private final ObjectMapper json;
    private volatile boolean open;

    TelegramWebhook(String secret, UpdateIntake intake, ObjectMapper json) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.intake = intake;
        this.json = json;
    }

    /** Starts accepting updates: called once the updates left by the previous run are handed out. */
    void open() {
        open = true;
    }

    @Override
    public String path() {
        return "/telegram";
    }

    @Override
    public Set<String> methods() {
        return Set.of("POST");
    }

    @Override
    public String name() {
        return "telegram-webhook";
    }

    /** The secret header and whether updates are taken yet: both known before the body is read. */
    @Override
    public Optional<HttpResponse> screen(HttpRequest head) {
        if (!"POST".equalsIgnoreCase(head.method())) {
            return Optional.of(HttpResponse.json(405, "{\"error\":\"only POST is accepted\"}"));
        }
        String given = head.header(SECRET_HEADER);
        if (given == null || !MessageDigest.isEqual(secret, given.getBytes(StandardCharsets.UTF_8))) {
            return Optional.of(HttpResponse.json(401, "{\"error\":\"missing or wrong secret token\"}"));
        }
        if (!open) {
            return Optional.of(new HttpResponse(503, "application/json; charset=utf-8",
                    "{\"error\":\"starting: not accepting updates yet; try again\"}".getBytes(StandardCharsets.UTF_8),
                    java.util.Map.of("Retry-After", "5")));
        }
        return Optional.empty();
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        Optional<HttpResponse> refused = screen(request);
        if (refused.isPresent()) {
            return refused.get();
        }
        Update update;
        try {
            update = json.readValue(request.body(), Update.class);
        } catch (JsonParseException e) {
            return HttpResponse.json(400, "{\"error\":\"the body is not a Telegram update\"}");
        } catch (JsonProcessingException e) {
            // JSON, but not an update the bot can take (nested too deep, a value of the wrong type):
            // acknowledged, or Telegram delivers it again for a day.
            intake.malformed(null, e.getOriginalMessage());
            return HttpResponse.json(200, "{}");
        } catch (java.io.IOException e) {
            return HttpResponse.json(400, "{\"error\":\"the body is not a Telegram update\"}");
        }
        if (update == null || update.getUpdateId() == null) {
            return HttpResponse.json(400, "{\"error\":\"the update has no update_id\"}");
        }
        if (!intake.accept(List.of(update))) {
            return new HttpResponse(503, "application/json; charset=utf-8",
                    "{\"error\":\"the update could not be stored; try again\"}".getBytes(StandardCharsets.UTF_8),
                    java.util.Map.of("Retry-After", "5"));
        }
        return HttpResponse.json(200, "{}");
    }
}
