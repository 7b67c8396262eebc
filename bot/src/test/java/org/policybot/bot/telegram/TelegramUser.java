package org.policybot.bot.telegram;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Telegram user in a chat, as the emulator's user side needs it: builds the JSON of
 * the messages, commands and button presses they send.
 */
record TelegramUser(long userId, String firstName, long chatId, String chatType) {

    static TelegramUser privateChat(long userId) {
        return new TelegramUser(userId, "用户" + userId, userId, "private");
    }

    static TelegramUser inGroup(long userId, long groupId) {
        return new TelegramUser(userId, "用户" + userId, groupId, "supergroup");
    }

    String chat() {
        return String.valueOf(chatId);
    }

    Map<String, Object> message(String text) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", Map.of("id", userId, "first_name", firstName, "is_bot", false));
        m.put("chat", chatType.equals("private")
                ? Map.of("id", chatId, "type", chatType, "first_name", firstName)
                : Map.of("id", chatId, "type", chatType, "title", "测试群"));
        m.put("date", System.currentTimeMillis() / 1000);
        m.put("text", text);
        return m;
    }

    /** A command: Telegram marks "/name" (with any "@bot") with a bot_command entity. */
    Map<String, Object> command(String text) {
        Map<String, Object> m = message(text);
        int end = text.indexOf(' ');
        m.put("entities", List.of(Map.of("type", "bot_command", "offset", 0, "length", end < 0 ? text.length() : end)));
        return m;
    }

    /** A message replying to one of the bot's messages. */
    Map<String, Object> replyToBot(String text, BotIdentity bot, int botMessageId) {
        Map<String, Object> m = message(text);
        m.put("reply_to_message", Map.of(
                "message_id", botMessageId,
                "from", Map.of("id", bot.id(), "first_name", "Bot", "is_bot", true, "username", bot.username()),
                "chat", m.get("chat"),
                "date", System.currentTimeMillis() / 1000,
                "text", "之前的回答"));
        return m;
    }

    /** A press of a button with {@code data} under the bot message {@code messageId}. */
    Map<String, Object> press(String data, int messageId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", Map.of("id", userId, "first_name", firstName, "is_bot", false));
        m.put("message", Map.of(
                "message_id", messageId,
                "from", Map.of("id", 666, "first_name", "Bot", "is_bot", true),
                "chat", chatType.equals("private")
                        ? Map.of("id", chatId, "type", chatType, "first_name", firstName)
                        : Map.of("id", chatId, "type", chatType, "title", "测试群"),
                "date", System.currentTimeMillis() / 1000,
                "text", "回答"));
        m.put("data", data);
        m.put("date", System.currentTimeMillis() / 1000);
        return m;
    }
}
