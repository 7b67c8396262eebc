package org.policybot.bot;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.policybot.bot.answer.AnswerTexts;
import org.policybot.bot.answer.DefaultAnswerService;
import org.policybot.bot.llm.Llm;
import org.policybot.bot.messages.Messages;
import org.policybot.bot.store.ConversationStore;
import org.policybot.config.Settings;
import org.policybot.retrieval.search.HybridSearcher;

/**
 * The answer path as the product runs it, built in one place for {@code serve} ({@link App}),
 * the one-off commands and the benchmarks: the searcher, the language model the settings name
 * (none by default: extractive answers), the conversation memory, the fixed texts of answers
 * as the deployment words them, and quotes checked against the settings' articles folder.
 * Model fitting builds its own extractive-only variants.
 */
public final class AnswerPath {

    private AnswerPath() {
    }

    /**
     * @param metrics       where the language model's calls are counted
     * @param conversations conversation memory, or {@code null} for one-off questions
     * @param clock         today: which documents are in force, relative years ("去年")
     */
    public static DefaultAnswerService create(Settings settings, HybridSearcher searcher, MeterRegistry metrics,
                                              ConversationStore conversations, Messages messages, Clock clock) {
        AnswerTexts texts = AnswerTexts.from(messages);
        return new DefaultAnswerService(searcher, Llm.answerer(settings, metrics, texts), conversations, settings.articlesDir(),
                clock).withTexts(texts);
    }

    /** For one-off questions: no conversation memory, metrics kept in memory only, today from the system clock. */
    public static DefaultAnswerService oneOff(Settings settings, HybridSearcher searcher, Messages messages) {
        return create(settings, searcher, new SimpleMeterRegistry(), null, messages, Clock.systemDefaultZone());
    }
}
