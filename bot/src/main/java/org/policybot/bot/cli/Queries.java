package org.policybot.bot.cli;

/** Checks a question or query typed on the command line. */
final class Queries {
    static final int MAX_CHARS = 10_000;

    private Queries() {
    }

    static String require(String text) {
        if (text == null || text.isBlank()) {
            throw new UsageException("the question is empty: type some words to look for");
        }
        if (text.length() > MAX_CHARS) {
            throw new UsageException("the question is longer than " + MAX_CHARS + " characters");
        }
        return text.strip();
    }
}
