package org.policybot.bot.answer;

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
}
