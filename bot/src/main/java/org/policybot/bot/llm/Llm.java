package org.policybot.bot.llm;

import java.util.Optional;
import org.policybot.bot.answer.LlmAnswerer;
import org.policybot.config.Settings;

/** Builds the language-model answerer from settings; empty when no provider is configured. */
public final class Llm {
    private Llm() {
    }

    public static Optional<LlmAnswerer> answerer(Settings settings) {
        return Optional.empty();
    }
}
