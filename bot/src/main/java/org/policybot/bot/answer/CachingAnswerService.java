package org.policybot.bot.answer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.policybot.bot.privacy.Masking;

/**
 * Reuses the answer to a question asked before, as long as the index generation has not
 * changed: the same question with the same earlier questions always gets the same answer,
 * and staff and citizens repeat questions a lot. Questions that use server-side
 * conversation memory are never cached (answering them extends the conversation). With a
 * model configured, an extractive answer that is not a decline is the fallback for a model
 * that failed or timed out: it is not kept, so the model gets the question again next time.
 * Bounded (least recently used entries go first); keys hold masked text only.
 */
public final class CachingAnswerService implements AnswerService {

    private record Key(String generation, String question, List<String> context, java.util.Optional<java.time.LocalDate> asOf) {
    }

    private final AnswerService inner;
    private final Supplier<String> generation;
    private final Map<Key, Answer> cache;
    private final boolean modelConfigured;

    /**
     * @param generation names the index generation in service; a new one empties the cache in effect
     * @param maxEntries answers kept at most
     * @param modelConfigured whether a language model writes the answers
     */
    public CachingAnswerService(AnswerService inner, Supplier<String> generation, int maxEntries, boolean modelConfigured) {
        this.inner = inner;
        this.generation = generation;
        this.modelConfigured = modelConfigured;
        this.cache = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Answer> eldest) {
                return size() > maxEntries;
            }
        };
    }

    @Override
    public Answer answer(Question question) {
        if (!question.conversationId().isEmpty()) {
            return inner.answer(question);
        }
        Key key = new Key(generation.get(), Masking.mask(question.text().strip()),
                question.context().stream().map(c -> Masking.mask(c.strip())).toList(), question.asOf());
        Answer cached;
        synchronized (cache) {
            cached = cache.get(key);
        }
        if (cached != null) {
            return new Answer(question.text(), cached.text(), cached.citations(), cached.outcome(), cached.mode(),
                    cached.confidence(), cached.options());
        }
        Answer fresh = inner.answer(question);
        if (!isFallback(fresh)) {
            synchronized (cache) {
                cache.put(key, fresh);
            }
        }
        return fresh;
    }

    private boolean isFallback(Answer a) {
        return modelConfigured && a.mode() == Answer.Mode.EXTRACTIVE && !a.declined();
    }

    @Override
    public Answer summarize(String topic) {
        return inner.summarize(topic);
    }

    public int size() {
        synchronized (cache) {
            return cache.size();
        }
    }
}
