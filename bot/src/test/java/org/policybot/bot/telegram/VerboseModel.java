package org.policybot.bot.telegram;

import java.util.ArrayList;
import java.util.List;
import org.policybot.bot.answer.Answer;
import org.policybot.bot.answer.Citation;
import org.policybot.bot.answer.LlmAnswerer;
import org.policybot.bot.answer.SourceTexts;
import org.policybot.retrieval.search.CorpusView;
import org.policybot.retrieval.search.Hit;
import org.policybot.retrieval.search.SearchResult;

/**
 * A hand-written fake at the chat-model seam: a very talkative model that quotes every
 * passage found, twice, with citations and some {@code < & >}, so its answers run far
 * past one Telegram message. Keeps the last answer for the test to compare.
 */
final class VerboseModel implements LlmAnswerer {

    volatile Answer last;

    @Override
    public Answer answer(String question, SearchResult result, CorpusView corpus, SourceTexts sources, Answer extractive) {
        StringBuilder text = new StringBuilder();
        List<Citation> citations = new ArrayList<>();
        List<Hit> hits = result.hits();
        for (int i = 0; i < hits.size(); i++) {
            var p = hits.get(i).passage();
            String body = p.body().strip();
            String first = body.split("(?<=[。！？])", 2)[0];
            citations.add(new Citation(i + 1, p.id(), p.title(), p.file(), p.isoDate(), first));
        }
        for (int round = 0; text.length() < 9000; round++) {
            for (int i = 0; i < hits.size(); i++) {
                text.append("第").append(round + 1).append("遍，第").append(i + 1).append("段（注：A<B & C>D）：")
                        .append(hits.get(i).passage().body().strip()).append("[").append(i + 1).append("]\n");
            }
        }
        last = new Answer(question, text.toString().strip(), citations, false, Answer.Mode.LLM, 0.9);
        return last;
    }
}
