package org.policybot.bot.telegram;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An inline keyboard button that sends {@code data} back as a callback query.
 *
 * @param data callback data, at most 64 bytes (Telegram's limit)
 */
public record Button(String label, String data) {

    public static final int MAX_DATA_BYTES = 64;

    public Button {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(data, "data");
        if (data.getBytes(StandardCharsets.UTF_8).length > MAX_DATA_BYTES) {
            throw new IllegalArgumentException("callback data longer than 64 bytes: " + data.length() + " characters");
        }
    }
}
