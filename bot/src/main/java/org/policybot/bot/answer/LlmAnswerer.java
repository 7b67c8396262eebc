package org.policybot.bot.answer;

import java.util.List;
import org.policybot.retrieval.ingest.Passage;
import org.policybot.retrieval.search.CorpusView;
import org.policybot.retrieval.search.SearchResult;

/**
 * Writes an answer with a language model from the same passages; returns the extractive
 * answer it is given whenever the model fails, times out, or cites nothing valid.
 */
public interface LlmAnswerer {

    /**
     * @param question   the question as typed (the answerer masks it before it leaves the process)
     * @param result     the passages already found for it (the answerer does not search again)
     * @param sources    the article files, to keep every quote verbatim
     * @param extractive the extractive answer, returned whenever the model's answer cannot be used
     */
    Answer answer(String question, SearchResult result, CorpusView corpus, SourceTexts sources, Answer extractive);

    /**
     * Summarises one article in two to four sentences from its passages, with the same checks
     * as an answer; returns {@code extractive} whenever the model's summary cannot be used.
     * This default writes none (answerers that only answer questions).
     *
     * @param passages   the article's passages in reading order
     * @param extractive the extractive summary; the passages it quotes are the first the model sees
     */
    default Answer summarize(String title, List<Passage> passages, SourceTexts sources, Answer extractive) {
        return extractive;
    }
}
