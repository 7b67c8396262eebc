package org.policybot.bot.cli;

import org.policybot.bot.answer.InputText;
import org.policybot.bot.api.UsageException;

/** Checks a question or query typed on the command line, and cleans it as every channel does ({@link InputText}). */
final class Queries {
    static final int MAX_CHARS = 10_000;

    private Queries() {
    }

    static String require(String text) {
        if (text != null && text.length() > MAX_CHARS) {
            throw new UsageException("the question is longer than " + MAX_CHARS + " characters");
        }
        String clean = InputText.clean(text);
        if (clean.isEmpty()) {
            throw new UsageException("the question is empty: type some words to look for");
        }
        return clean;
    }
}
