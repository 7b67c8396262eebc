package org.policybot.bot.wecom;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps each robot under WeCom's limit of 20 messages a minute: a sliding window of the
 * last sends per robot; a send that would exceed it waits until the oldest one leaves the
 * window. Robots are paced independently; sends to one robot are serialised.
 */
final class RobotPacer {

    private final Clock clock;
    private final WecomRobotSender.Sleeper sleeper;
    private final int perWindow;
    private final Duration window;
    private final Map<String, Deque<Long>> sends = new ConcurrentHashMap<>();

    RobotPacer(Clock clock, WecomRobotSender.Sleeper sleeper, int perWindow, Duration window) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.perWindow = perWindow;
        this.window = window;
    }

    /** Runs one send to a robot once the window allows it. */
    <T> T paced(String robot, java.util.function.Supplier<T> send) throws InterruptedException {
        Deque<Long> times = sends.computeIfAbsent(robot, r -> new ArrayDeque<>());
        synchronized (times) {
            while (true) {
                long now = clock.millis();
                while (!times.isEmpty() && times.peekFirst() <= now - window.toMillis()) {
                    times.removeFirst();
                }
                if (times.size() < perWindow) {
                    break;
                }
                sleeper.sleep(Duration.ofMillis(times.peekFirst() + window.toMillis() - now));
            }
            times.addLast(clock.millis());
            return send.get();
        }
    }

    /** Waits outside any robot's turn (back-off between attempts). */
    void pause(Duration duration) throws InterruptedException {
        sleeper.sleep(duration);
    }
}
