package org.policybot.bot.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.policybot.bot.answer.AnswerTexts;
import org.policybot.bot.answer.LlmAnswerer;
import org.policybot.config.Settings;

/**
 * Builds the language-model answerer from settings ({@code CHATBOT_LLM_*}); empty when no
 * provider is configured. The {@link ChatModel} is the seam: any OpenAI-compatible server
 * ("openai") or an Ollama server ("ollama").
 */
public final class Llm {

    /** Low: the answer should restate the passages, not vary. */
    static final double TEMPERATURE = 0.1;
    static final String OLLAMA_DEFAULT_URL = "http://localhost:11434";
    /** Sent when no key is configured: local OpenAI-compatible servers want some key. */
    static final String NO_KEY = "none";

    private Llm() {
    }

    /** The answerer, counting into a registry of its own (for commands that export no metrics). */
    public static Optional<LlmAnswerer> answerer(Settings settings) {
        return answerer(settings, new SimpleMeterRegistry());
    }

    /** The answerer, counting fallbacks and outcomes into {@code registry} (see {@link LlmMetrics}). */
    public static Optional<LlmAnswerer> answerer(Settings settings, MeterRegistry registry) {
        return answerer(settings, registry, AnswerTexts.BUNDLED);
    }

    /** The same, with the fixed texts of answers (AI label, related framing, decline) as the deployment words them. */
    public static Optional<LlmAnswerer> answerer(Settings settings, MeterRegistry registry, AnswerTexts texts) {
        Settings.Llm llm = settings.llm();
        if (!llm.enabled()) {
            return Optional.empty();
        }
        return Optional.of(new LangChainAnswerer(chatModel(llm), LangChainAnswerer.DEFAULT_MAX_PASSAGES, registry, texts));
    }

    /**
     * The chat model for the provider. No retries: a failed or slow call falls back to the
     * extractive answer at once rather than making the citizen wait two or three timeouts.
     */
    public static ChatModel chatModel(Settings.Llm llm) {
        Duration timeout = Duration.ofMillis(llm.timeoutMs());
        return switch (llm.provider()) {
            case OPENAI -> OpenAiChatModel.builder()
                    .baseUrl(llm.baseUrl())
                    .apiKey(llm.apiKey().isBlank() ? NO_KEY : llm.apiKey())
                    .modelName(llm.model())
                    .temperature(TEMPERATURE)
                    .timeout(timeout)
                    .maxRetries(0)
                    .build();
            case OLLAMA -> OllamaChatModel.builder()
                    .baseUrl(llm.baseUrl().isBlank() ? OLLAMA_DEFAULT_URL : llm.baseUrl())
                    .modelName(llm.model())
                    .temperature(TEMPERATURE)
                    .timeout(timeout)
                    .maxRetries(0)
                    .customHeaders(llm.apiKey().isBlank() ? Map.of() : Map.of("Authorization", "Bearer " + llm.apiKey()))
                    .build();
            case NONE -> throw new IllegalArgumentException("no model provider configured");
        };
    }
}
