package org.policybot.bot.telegram;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A hand-written fake at the Bot API seam: passes every call to the real Bot API, records
 * the callback answers and typing calls, and can make Telegram hang for some chats (as if
 * the process died before answering) or answer slowly.
 */
final class SeamBotApi implements BotApi {

    record CallbackAnswer(String callbackId, String text) {
    }

    private final BotApi real;
    final List<CallbackAnswer> callbackAnswers = new CopyOnWriteArrayList<>();
    final List<String> typing = new CopyOnWriteArrayList<>();
    final Set<String> hangingChats = ConcurrentHashMap.newKeySet();
    /** Counted down when a message to a hanging chat is about to hang. */
    final CountDownLatch hung = new CountDownLatch(1);
    volatile long sendDelayMillis;
    /** How long Telegram takes to confirm a message it has already received (the call returns after it). */
    volatile long confirmDelayMillis;
    /** Messages that reached Telegram. */
    final java.util.concurrent.atomic.AtomicInteger delivered = new java.util.concurrent.atomic.AtomicInteger();
    /** Counted down when the command menu is being set (the channel is starting). */
    final CountDownLatch settingCommands = new CountDownLatch(1);
    /** When set, setting the command menu waits for it (Telegram slow while the channel starts). */
    volatile CountDownLatch commandsGate;

    SeamBotApi(BotApi real) {
        this.real = real;
    }

    @Override
    public long sendMessage(OutgoingMessage message) throws BotApiException, InterruptedException {
        if (hangingChats.contains(message.chatId())) {
            hung.countDown();
            new CountDownLatch(1).await(); // until interrupted
        }
        if (sendDelayMillis > 0) {
            Thread.sleep(sendDelayMillis);
        }
        long id = real.sendMessage(message);
        delivered.incrementAndGet();
        if (confirmDelayMillis > 0) {
            Thread.sleep(confirmDelayMillis);
        }
        return id;
    }

    @Override
    public void sendTyping(String chatId) throws BotApiException, InterruptedException {
        typing.add(chatId);
        real.sendTyping(chatId);
    }

    @Override
    public void answerCallback(String callbackQueryId, String text) throws BotApiException, InterruptedException {
        callbackAnswers.add(new CallbackAnswer(callbackQueryId, text));
        real.answerCallback(callbackQueryId, text);
    }

    @Override
    public void setCommands(List<CommandInfo> commands) throws BotApiException, InterruptedException {
        settingCommands.countDown();
        CountDownLatch gate = commandsGate;
        if (gate != null) {
            gate.await();
        }
        real.setCommands(commands);
    }

    @Override
    public BotIdentity getMe() throws BotApiException, InterruptedException {
        return real.getMe();
    }

    @Override
    public String chatMemberStatus(String chatId, long userId) throws BotApiException, InterruptedException {
        return real.chatMemberStatus(chatId, userId);
    }
}
