package org.policybot.bot.answer;

import org.policybot.retrieval.search.CorpusView;
import org.policybot.retrieval.search.SearchResult;

/**
 * Writes an answer with a language model from the same passages; returns the extractive
 * answer it is given whenever the model fails, times out, or cites nothing valid.
 */
public interface LlmAnswerer {

    Answer answer(String question, SearchResult result, CorpusView corpus, Answer extractive);
}
