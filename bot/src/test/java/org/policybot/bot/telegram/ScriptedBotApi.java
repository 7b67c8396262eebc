package org.policybot.bot.telegram;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A hand-written fake Telegram at the Bot API seam: sendMessage answers from a script
 * (an exception to throw, or success when the script is empty) and records every call.
 */
final class ScriptedBotApi implements BotApi {

    final List<OutgoingMessage> sent = new ArrayList<>();
    final List<String> typing = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Deque<BotApiException> failures = new ArrayDeque<>();
    private long nextId = 100;

    ScriptedBotApi failNext(BotApiException... errors) {
        failures.addAll(List.of(errors));
        return this;
    }

    @Override
    public synchronized long sendMessage(OutgoingMessage message) throws BotApiException {
        sent.add(message);
        BotApiException failure = failures.poll();
        if (failure != null) {
            throw failure;
        }
        return nextId++;
    }

    @Override
    public void sendTyping(String chatId) {
        typing.add(chatId);
    }

    @Override
    public void answerCallback(String callbackQueryId, String text) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setCommands(List<CommandInfo> commands) {
        throw new UnsupportedOperationException();
    }

    @Override
    public BotIdentity getMe() {
        return new BotIdentity(666, "TestNameBot");
    }

    @Override
    public String chatMemberStatus(String chatId, long userId) {
        throw new UnsupportedOperationException();
    }
}
