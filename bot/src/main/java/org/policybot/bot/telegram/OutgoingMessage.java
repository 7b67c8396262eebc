package org.policybot.bot.telegram;

import java.util.List;
import java.util.Objects;

/**
 * One message to send, already within Telegram's length limit.
 *
 * @param chatId    numeric chat id, or "@channel" name
 * @param html      text in Telegram's HTML parse mode
 * @param replyTo   the message this one answers, or null
 * @param keyboard  rows of inline buttons (empty for none)
 */
public record OutgoingMessage(String chatId, String html, Integer replyTo, List<List<Button>> keyboard) {
    public OutgoingMessage {
        Objects.requireNonNull(chatId, "chatId");
        Objects.requireNonNull(html, "html");
        keyboard = keyboard == null ? List.of() : keyboard.stream().map(List::copyOf).toList();
    }
}
