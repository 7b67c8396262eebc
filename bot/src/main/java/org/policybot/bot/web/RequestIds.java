package org.policybot.bot.web;

import java.util.concurrent.ThreadLocalRandom;

/** Ids for API requests that came without one, so every answer can be referred to. */
final class RequestIds {

    private RequestIds() {
    }

    /** "r-" and 12 random hexadecimal digits. */
    static String next() {
        return "r-" + String.format("%012x", ThreadLocalRandom.current().nextLong() & 0xFFFFFFFFFFFFL);
    }
}
