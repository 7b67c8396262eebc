package org.policybot.bot.llm;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.query.Query;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.util.List;
import org.policybot.bot.answer.Answer;
import org.policybot.bot.answer.Citation;
import org.policybot.bot.answer.LlmAnswerer;
import org.policybot.bot.answer.Masking;
import org.policybot.bot.answer.SourceTexts;
import org.policybot.bot.llm.LlmMetrics.Fallback;
import org.policybot.retrieval.search.CorpusView;
import org.policybot.retrieval.search.SearchResult;
import org.policybot.retrieval.text.ChineseText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers with a LangChain4j {@link ChatModel} from the passages the search found: the
 * question (masked) and the numbered passages go to the model as data under a fixed
 * Chinese system prompt; its answer is kept only when it cites at least one passage
 * validly ({@link CitationCheck}). A timeout, an HTTP error, empty output or no valid
 * citation gives the extractive answer instead, so the user always gets an answer; the
 * model's refusal gives the standard decline (mode llm). Model answers end with
 * {@link #LABEL}.
 */
public final class LangChainAnswerer implements LlmAnswerer {

    private static final Logger log = LoggerFactory.getLogger(LangChainAnswerer.class);

    /** Ends every answer the model wrote. */
    public static final String LABEL = "（AI生成，仅供参考）";
    /** Passages the model sees at most: enough for the evidence, short enough for small models. */
    public static final int DEFAULT_MAX_PASSAGES = 5;

    private final ChatModel model;
    private final int maxPassages;
    private final LlmMetrics metrics;

    public LangChainAnswerer(ChatModel model, int maxPassages, MeterRegistry registry) {
        if (maxPassages < 1) {
            throw new IllegalArgumentException("maxPassages must be at least 1, got " + maxPassages);
        }
        this.model = model;
        this.maxPassages = maxPassages;
        this.metrics = new LlmMetrics(registry);
    }

    @Override
    public Answer answer(String question, SearchResult result, CorpusView corpus, SourceTexts sources, Answer extractive) {
        String masked = Masking.mask(question.strip());
        List<String> history = result.query().context().stream().map(Masking::mask).toList();
        List<String> first = extractive.citations().stream().map(Citation::passageId).toList();
        SearchResultRetriever retriever = new SearchResultRetriever(result, corpus, first, maxPassages);
        List<Content> contents = retriever.retrieve(Query.from(masked));
        if (contents.isEmpty()) {
            return extractive;
        }
        ChatRequest request = ChatRequest.builder()
                .messages(SystemMessage.from(Prompt.SYSTEM), UserMessage.from(Prompt.user(masked, history, contents)))
                .build();
        String reply;
        Timer.Sample sample = Timer.start();
        try {
            ChatResponse response = model.chat(request);
            AiMessage ai = response == null ? null : response.aiMessage();
            reply = ai == null || ai.text() == null ? "" : ai.text();
        } catch (RuntimeException e) {
            Fallback reason = classify(e);
            log.warn("Model failed ({}), giving the extractive answer: {}", reason.tag(), brief(e));
            metrics.fallback(reason);
            return extractive;
        } finally {
            sample.stop(metrics.requests());
        }
        return use(Reply.clean(reply), masked, retriever, sources, extractive);
    }

    private Answer use(String reply, String masked, SearchResultRetriever retriever, SourceTexts sources, Answer extractive) {
        if (reply.isEmpty()) {
            return fallBack(Fallback.EMPTY, masked, extractive);
        }
        String compact = ChineseText.compact(reply);
        boolean refusal = compact.startsWith(Prompt.REFUSAL)
                || (compact.contains(Prompt.REFUSAL) && Markers.numbers(reply).isEmpty());
        if (refusal) {
            metrics.refused();
            log.debug("Model found no answer in the passages: {}", masked);
            return Answer.declined(extractive.question(), Answer.Mode.LLM, extractive.confidence());
        }
        return CitationCheck.check(reply, retriever.passages(), masked, sources)
                .map(checked -> {
                    metrics.answered(checked.removedMarkers(), checked.flaggedFigures().size());
                    log.debug("Model answer kept ({} citations, {} markers removed, figures flagged: {}): {}",
                            checked.citations().size(), checked.removedMarkers(), checked.flaggedFigures(), masked);
                    return new Answer(extractive.question(), checked.text() + "\n" + LABEL, checked.citations(), false,
                            Answer.Mode.LLM, extractive.confidence() * checked.supportedShare());
                })
                .orElseGet(() -> fallBack(Fallback.NO_VALID_CITATION, masked, extractive));
    }

    private Answer fallBack(Fallback reason, String masked, Answer extractive) {
        log.warn("Model answer not usable ({}), giving the extractive answer: {}", reason.tag(), masked);
        metrics.fallback(reason);
        return extractive;
    }

    /** Timeouts first (they may arrive wrapped), then HTTP and connection failures. */
    static Fallback classify(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof dev.langchain4j.exception.TimeoutException || t instanceof HttpTimeoutException
                    || t instanceof java.net.SocketTimeoutException || t instanceof java.util.concurrent.TimeoutException) {
                return Fallback.TIMEOUT;
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof LangChain4jException || t instanceof IOException) {
                return Fallback.HTTP_ERROR;
            }
        }
        return Fallback.ERROR;
    }

    /** The failure in one masked line of at most 200 characters (error bodies may quote the request). */
    private static String brief(Throwable e) {
        String s = Masking.mask(e.getClass().getSimpleName() + ": " + e.getMessage()).replace('\n', ' ');
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
