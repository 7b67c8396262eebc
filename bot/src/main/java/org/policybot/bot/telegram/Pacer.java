package org.policybot.bot.telegram;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Telegram's outgoing limits, kept before Telegram has to enforce them with 429: about one
 * message per second per chat and twenty per minute per group or channel. Each send
 * reserves the next free slot of its chat; callers wait until their slot. A 429 pushes a
 * chat's next slot back by retry_after.
 */
final class Pacer {

    private static final int MAX_TRACKED_CHATS = 10_000;

    private final Clock clock;
    private final long perChatMillis;
    private final int groupPerMinute;
    private final Map<String, Long> nextSlot = new HashMap<>();
    private final Map<String, Deque<Long>> groupSends = new HashMap<>();

    Pacer(Clock clock, Duration perChat, int groupPerMinute) {
        if (groupPerMinute < 1) {
            throw new IllegalArgumentException("groupPerMinute must be positive");
        }
        this.clock = clock;
        this.perChatMillis = perChat.toMillis();
        this.groupPerMinute = groupPerMinute;
    }

    /** Telegram's published limits. */
    static Pacer telegramLimits(Clock clock) {
        return new Pacer(clock, Duration.ofSeconds(1), 20);
    }

    /** Chats with a negative id or an "@name" are groups, supergroups or channels. */
    static boolean isGroup(String chatId) {
        return chatId.startsWith("-") || chatId.startsWith("@");
    }

    /** Reserves the next slot for a message to the chat; returns how long to wait for it (ms). */
    synchronized long reserve(String chatId) {
        long now = clock.millis();
        if (nextSlot.size() > MAX_TRACKED_CHATS) {
            forgetIdle(now);
        }
        long slot = Math.max(now, nextSlot.getOrDefault(chatId, now));
        if (isGroup(chatId)) {
            Deque<Long> sends = groupSends.computeIfAbsent(chatId, k -> new ArrayDeque<>());
            while (!sends.isEmpty() && sends.peekFirst() <= slot - 60_000) {
                sends.pollFirst();
            }
            if (sends.size() >= groupPerMinute) {
                // The oldest of the last N sends must be a minute old before the next one.
                slot = Math.max(slot, sends.peekFirst() + 60_000);
            }
            sends.addLast(slot);
            while (sends.size() > groupPerMinute) {
                sends.pollFirst();
            }
        }
        nextSlot.put(chatId, slot + perChatMillis);
        return slot - now;
    }

    /** Telegram asked to wait (429): nothing goes to this chat before then. */
    synchronized void pause(String chatId, Duration wait) {
        long until = clock.millis() + wait.toMillis();
        nextSlot.merge(chatId, until, Math::max);
    }

    private void forgetIdle(long now) {
        nextSlot.values().removeIf(t -> t < now);
        groupSends.entrySet().removeIf(e -> e.getValue().isEmpty() || e.getValue().peekLast() < now - 60_000);
    }
}
