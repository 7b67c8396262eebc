package org.policybot.bot.web;

import java.util.concurrent.ConcurrentHashMap;

/** How many request bodies each client address is sending at once, capped. */
final class BodyPermits {

    private final int perClient;
    private final ConcurrentHashMap<String, Integer> reading = new ConcurrentHashMap<>();

    BodyPermits(int perClient) {
        this.perClient = perClient;
    }

    /** Takes a permit for the client; false when it already has {@code perClient} bodies in progress. */
    boolean tryAcquire(String client) {
        boolean[] granted = {false};
        reading.compute(client, (k, n) -> {
            int now = n == null ? 0 : n;
            if (now >= perClient) {
                return n;
            }
            granted[0] = true;
            return now + 1;
        });
        return granted[0];
    }

    void release(String client) {
        reading.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
    }

    /** Clients with a body in progress (entries are dropped at zero, so this stays small). */
    int clients() {
        return reading.size();
    }
}
