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
import java.util.Optional;
import org.policybot.bot.answer.Answer;
import org.policybot.bot.answer.AnswerTexts;
import org.policybot.bot.answer.Citation;
import org.policybot.bot.answer.LlmAnswerer;
import org.policybot.bot.answer.SourceTexts;
import org.policybot.bot.llm.LlmMetrics.Fallback;
import org.policybot.bot.privacy.Masking;
import org.policybot.retrieval.ingest.Passage;
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
 * model's refusal gives the standard decline (mode llm). It also writes digest summaries
 * of one article from that article's passages, under the same checks and fallbacks. Model
 * answers and summaries end with {@link #LABEL}.
 */
public final class LangChainAnswerer implements LlmAnswerer {

    private static final Logger log = LoggerFactory.getLogger(LangChainAnswerer.class);

    /** Ends every answer and summary the model wrote, as bundled (the answerer uses its {@link AnswerTexts}). */
    public static final String LABEL = Answer.AI_LABEL;
    /** Passages the model sees at most: enough for the evidence, short enough for small models. */
    public static final int DEFAULT_MAX_PASSAGES = 5;
    /** Passages of an article the model sees for its summary: most articles fit whole. */
    static final int SUMMARY_MAX_PASSAGES = 8;
    /** A digest summary has two to four sentences; a longer reply is cut. */
    static final int SUMMARY_MAX_SENTENCES = 4;

    private final ChatModel model;
    private final int maxPassages;
    private final LlmMetrics metrics;
    private final AnswerTexts texts;

    public LangChainAnswerer(ChatModel model, int maxPassages, MeterRegistry registry) {
        this(model, maxPassages, registry, AnswerTexts.BUNDLED);
    }

    /** @param texts the AI label, the related framing and the decline, as the deployment words them */
    public LangChainAnswerer(ChatModel model, int maxPassages, MeterRegistry registry, AnswerTexts texts) {
        this.texts = texts;
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
        Optional<String> reply = ask(request, "answer");
        if (reply.isEmpty()) {
            return extractive;
        }
        return use(ModelReply.clean(reply.get()), masked, retriever, sources, extractive);
    }

    /**
     * A digest's summary of one article: the model sees the article's passages (those the
     * extractive summary quotes first, then the others, up to {@link #SUMMARY_MAX_PASSAGES},
     * numbered in reading order) and writes two to four sentences; more are cut to four. Kept
     * only when at least one citation is valid, checked like an answer; otherwise, and on any
     * failure, the extractive summary.
     */
    @Override
    public Answer summarize(String title, List<Passage> passages, SourceTexts sources, Answer extractive) {
        List<String> first = extractive.citations().stream().map(Citation::passageId).toList();
        SearchResultRetriever retriever = SearchResultRetriever.ofArticle(passages, first, SUMMARY_MAX_PASSAGES);
        List<Content> contents = retriever.retrieve(Query.from(title.isBlank() ? "summary" : title)); // the query is not used: the passages are given
        if (contents.isEmpty()) {
            return extractive;
        }
        ChatRequest request = ChatRequest.builder()
                .messages(SystemMessage.from(Prompt.SUMMARY_SYSTEM), UserMessage.from(Prompt.summaryUser(title, contents)))
                .build();
        String what = "summary of 《" + title + "》";
        Optional<String> reply = ask(request, "summary");
        if (reply.isEmpty()) {
            return extractive;
        }
        String text = firstSentences(ModelReply.clean(reply.get()), SUMMARY_MAX_SENTENCES);
        if (text.isEmpty()) {
            return fallBack(Fallback.EMPTY, what, extractive);
        }
        return checked(text, retriever, title, sources, "summary", what, extractive);
    }

    /**
     * The model's text with its citations checked against the passages it was given, labelled;
     * the extractive answer when no citation is valid.
     */
    private Answer checked(String text, SearchResultRetriever retriever, String question, SourceTexts sources, String kind,
                           String what, Answer extractive) {
        return CitationCheck.check(text, retriever.passages(), question, sources)
                .map(checked -> {
                    metrics.answered(checked.removedMarkers(), checked.flaggedFigures().size());
                    log.debug("Model {} kept ({} citations, {} markers removed, figures flagged: {}): {}", kind,
                            checked.citations().size(), checked.removedMarkers(), checked.flaggedFigures(), what);
                    double confidence = extractive.confidence() * checked.supportedShare();
                    if (extractive.outcome() == Answer.Outcome.RELATED) {
                        // The articles do not state what was asked: the model's reading of the closest
                        // sentences is framed as such, like the extractive related answer, not as a confident one.
                        return new Answer(extractive.question(), texts.relatedPrefix() + "\n" + checked.text() + "\n"
                                + texts.relatedHint() + "\n" + texts.aiLabel(), checked.citations(), Answer.Outcome.RELATED, Answer.Mode.LLM,
                                confidence, List.of());
                    }
                    return new Answer(extractive.question(), checked.text() + "\n" + texts.aiLabel(), checked.citations(), false,
                            Answer.Mode.LLM, confidence);
                })
                .orElseGet(() -> fallBack(Fallback.NO_VALID_CITATION, what, extractive));
    }

    /** The model's reply, or empty when the call failed (counted and logged by reason). */
    private Optional<String> ask(ChatRequest request, String what) {
        Timer.Sample sample = Timer.start();
        try {
            ChatResponse response = model.chat(request);
            AiMessage ai = response == null ? null : response.aiMessage();
            return Optional.of(ai == null || ai.text() == null ? "" : ai.text());
        } catch (RuntimeException e) {
            Fallback reason = classify(e);
            log.warn("Model failed ({}), giving the extractive {}: {}", reason.tag(), what, brief(e));
            metrics.fallback(reason);
            return Optional.empty();
        } finally {
            sample.stop(metrics.requests());
        }
    }

    /** The first {@code max} sentences that say something (markers stay with their sentence). */
    static String firstSentences(String text, int max) {
        StringBuilder out = new StringBuilder();
        int kept = 0;
        for (String s : Markers.sentences(text)) {
            if (Markers.strip(s).codePoints().anyMatch(Character::isLetterOrDigit)) {
                if (kept == max) {
                    break;
                }
                kept++;
            }
            out.append(s);
        }
        return out.toString().strip();
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
            // The closest sentences were already shown as only related: the model's refusal agrees, and they stay.
            return extractive.outcome() == Answer.Outcome.RELATED ? extractive
                    : texts.declined(extractive.question(), Answer.Mode.LLM, extractive.confidence());
        }
        return checked(reply, retriever, masked, sources, "answer", masked, extractive);
    }

    private Answer fallBack(Fallback reason, String what, Answer extractive) {
        log.warn("Model output not usable ({}), giving the extractive one instead: {}", reason.tag(), what);
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
