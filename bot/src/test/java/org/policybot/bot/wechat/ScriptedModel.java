package org.policybot.bot.wechat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.policybot.bot.answer.Answer;
import org.policybot.bot.answer.Citation;
import org.policybot.bot.answer.LlmAnswerer;
import org.policybot.bot.answer.SourceTexts;
import org.policybot.retrieval.search.CorpusView;
import org.policybot.retrieval.search.Hit;
import org.policybot.retrieval.search.SearchResult;

/**
 * A stand-in for the language model (an I/O seam) where the test needs an answer that no
 * canned mock reply can give: one built from whichever passages were found (a very long
 * answer, or one full of XML-breaking characters).
 */
final class ScriptedModel implements LlmAnswerer {

    private final Function<List<Hit>, String> writer;
    final AtomicInteger calls = new AtomicInteger();

    private ScriptedModel(Function<List<Hit>, String> writer) {
        this.writer = writer;
    }

    /** Answers with every passage it was given, each cited: a long answer. */
    static ScriptedModel verbose() {
        return new ScriptedModel(hits -> {
            StringBuilder sb = new StringBuilder("根据文章，**要点**如下：\n");
            for (int i = 0; i < hits.size(); i++) {
                sb.append("- ").append(hits.get(i).passage().text().strip()).append("[").append(i + 1).append("]\n");
            }
            return sb.toString();
        });
    }

    /** Answers with the first passage wrapped in text that would break careless XML. */
    static ScriptedModel hostile() {
        return new ScriptedModel(hits -> "开头]]><b>&amp;\u0001\u0008\u001B结尾：" + hits.get(0).passage().text().strip()
                + "[1]\u0000]]]]>>");
    }

    @Override
    public Answer answer(String question, SearchResult result, CorpusView corpus, SourceTexts sources, Answer extractive) {
        calls.incrementAndGet();
        List<Hit> hits = result.hits();
        if (hits.isEmpty()) {
            return extractive;
        }
        List<Citation> citations = new ArrayList<>();
        for (int i = 0; i < hits.size(); i++) {
            var p = hits.get(i).passage();
            citations.add(new Citation(i + 1, p.id(), p.title(), p.file(), p.isoDate(), p.text()));
        }
        // Labelled as the real model's answers are.
        return new Answer(question, writer.apply(hits) + "\n" + Answer.AI_LABEL, citations, false, Answer.Mode.LLM,
                extractive.confidence());
    }
}
