package org.policybot.bot.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;
import org.policybot.bot.channel.HttpRequest;
import org.policybot.bot.channel.HttpResponse;
import org.policybot.bot.channel.WebhookEndpoint;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * {@code POST /telegram} in webhook mode: checks Telegram's secret header, stores the
 * update and acknowledges at once; the answer is composed and sent asynchronously. A 5xx
 * (the update could not be stored) makes Telegram deliver it again.
 */
final class TelegramWebhook implements WebhookEndpoint {

    static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

    private final byte[] secret;
    private final UpdateIntake intake;
    private final ObjectMapper json;

    TelegramWebhook(String secret, UpdateIntake intake, ObjectMapper json) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.intake = intake;
        this.json = json;
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

    @Override
    public HttpResponse handle(HttpRequest request) {
        if (!"POST".equalsIgnoreCase(request.method())) {
            return HttpResponse.json(405, "{\"error\":\"only POST is accepted\"}");
        }
        String given = request.header(SECRET_HEADER);
        if (given == null || !MessageDigest.isEqual(secret, given.getBytes(StandardCharsets.UTF_8))) {
            return HttpResponse.json(401, "{\"error\":\"missing or wrong secret token\"}");
        }
        Update update;
        try {
            update = json.readValue(request.body(), Update.class);
        } catch (java.io.IOException e) {
            return HttpResponse.json(400, "{\"error\":\"the body is not a Telegram update\"}");
        }
        if (update == null || update.getUpdateId() == null) {
            return HttpResponse.json(400, "{\"error\":\"the update has no update_id\"}");
        }
        if (!intake.accept(List.of(update))) {
            return HttpResponse.json(503, "{\"error\":\"the update could not be stored; try again\"}");
        }
        return HttpResponse.json(200, "{}");
    }
}
