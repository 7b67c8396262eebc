package org.policybot.bot.answer;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.policybot.bot.privacy.Masking;
import org.policybot.bot.store.ConversationStore;
import org.policybot.bot.store.StoreException;
import org.policybot.retrieval.ingest.Article;
import org.policybot.retrieval.search.CorpusView;
import org.policybot.retrieval.search.HybridSearcher;
import org.policybot.retrieval.search.SearchResult;
import org.policybot.retrieval.search.UnderstoodQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer service: search with the conversation's earlier questions, then compose
 * extractively (a summary for "讲了啥" questions), or with the language model when one is
 * configured (falling back to the extractive answer whenever the model fails or cites
 * nothing valid). The model is asked only when the extractive composer found an answer or
 * related sentences; when it finds no answer in the passages, an answer declines and related
 * sentences stay related. The extractive outcome comes from the fitted answerability model
 * ({@link ExtractiveComposer}).
 * Passages of documents in force today come before those of documents they replace, and an
 * answer quoting a document that is not in force says so ({@link InForce}).
 * Questions are masked before they are stored or sent anywhere. A conversation memory that
 * fails (the database is down) is logged and skipped: the question is answered without it.
 */
public final class DefaultAnswerService implements AnswerService {

    private static final Logger log = LoggerFactory.getLogger(DefaultAnswerService.class);
    static final int PASSAGES = 6;

    private final HybridSearcher searcher;
    private final ExtractiveComposer extractive;
    private final SummaryComposer summaries;
    private final Optional<LlmAnswerer> llm;
    private final ConversationStore conversations;
    private final Path articlesDir;
    /** The fixed texts of answers (decline, related framing, greetings), as the deployment words them. */
    private final AnswerTexts texts;
    /** The article texts quotes are checked in, for the generation last answered from; shared with {@link #withModels}. */
    private final java.util.concurrent.atomic.AtomicReference<SourcesForGeneration> sources;
    /** Today, for which documents are in force. */
    private final java.time.Clock clock;
    /** Whether the last use of the conversation memory failed: one warning per run of failures. */
    private final AtomicBoolean memoryFailing = new AtomicBoolean();

    private record SourcesForGeneration(String generation, SourceTexts texts) {
    }

    /**
     * The answer path over a searcher, with the composers using the fitted models of the
     * searcher's variant (with or without vectors): the one wiring the server, the command
     * line and the benchmarks share.
     *
     * @param conversations conversation memory, or null for a stateless service (command line)
     * @param clock         today, for relative years ("去年退役的") and for which documents are in force
     */
    public DefaultAnswerService(HybridSearcher searcher, Optional<LlmAnswerer> llm, ConversationStore conversations,
                                Path articlesDir, java.time.Clock clock) {
        this(searcher, new ExtractiveComposer(searcher.models(), clock, searcher::embed), new SummaryComposer(), llm, conversations,
                articlesDir, new java.util.concurrent.atomic.AtomicReference<>(), AnswerTexts.BUNDLED, clock);
    }

    public DefaultAnswerService(HybridSearcher searcher, Optional<LlmAnswerer> llm, ConversationStore conversations,
                                Path articlesDir) {
        this(searcher, llm, conversations, articlesDir, java.time.Clock.systemDefaultZone());
    }

    private DefaultAnswerService(HybridSearcher searcher, ExtractiveComposer extractive, SummaryComposer summaries,
                                 Optional<LlmAnswerer> llm, ConversationStore conversations, Path articlesDir,
                                 java.util.concurrent.atomic.AtomicReference<SourcesForGeneration> sources, AnswerTexts texts,
                                 java.time.Clock clock) {
        this.clock = clock;
        this.texts = texts;
        this.sources = sources;
        this.searcher = searcher;
        this.extractive = extractive;
        this.summaries = summaries;
        this.llm = llm;
        this.conversations = conversations;
        this.articlesDir = articlesDir;
    }

    /** The same service with other fitted models (cross-validation, ablations). */
    public DefaultAnswerService withModels(org.policybot.retrieval.rank.Models models) {
        HybridSearcher s = searcher.withModels(models);
        return new DefaultAnswerService(s, extractive.withModels(s.models()), summaries, llm, conversations, articlesDir, sources,
                texts, clock);
    }

    /** The same service with the fixed texts of answers worded otherwise (the deployment's messages). */
    public DefaultAnswerService withTexts(AnswerTexts other) {
        return new DefaultAnswerService(searcher, extractive, summaries, llm, conversations, articlesDir, sources, other, clock);
    }

    /** The searcher answers are found with. */
    public HybridSearcher searcher() {
        return searcher;
    }

    /**
     * The evidence the extractive composer finds for a question (no model, no memory): what
     * the models are fitted on.
     */
    public ExtractiveComposer.Evidence evidence(Question question) {
        String text = Masking.mask(question.text().strip());
        java.time.LocalDate day = inForceOn(question);
        SearchResult result = InForce.prefer(searcher.search(text, question.context(), PASSAGES), day);
        return extractive.evidence(result, sourcesFor(result.corpus() != null ? result.corpus() : searcher.corpus()), day);
    }

    @Override
    public Answer answer(Question question) {
        String text = Masking.mask(question.text().strip());
        if (text.isEmpty()) {
            // Not a decline: there is no question the articles could fail to cover.
            return new Answer(question.text(), texts.empty(), List.of(), false, Answer.Mode.EXTRACTIVE, 0);
        }
        String smallTalk = SmallTalk.reply(text, texts);
        if (smallTalk != null) {
            // Neither a decline nor part of the conversation: the next question starts fresh.
            return new Answer(question.text(), smallTalk, List.of(), false, Answer.Mode.EXTRACTIVE, 0);
        }
        List<String> context = question.context().isEmpty() && conversations != null && !question.conversationId().isEmpty()
                ? recall(question.conversationId())
                : question.context().stream().map(Masking::mask).toList();
        java.time.LocalDate day = inForceOn(question);
        SearchResult result = InForce.prefer(searcher.search(text, context, PASSAGES), day);
        // The corpus of the generation searched, not the one in service now: a rebuild swapped in
        // between must not make the answer quote another generation than it found.
        CorpusView corpus = result.corpus() != null ? result.corpus() : searcher.corpus();
        if (result.query().isSummaryWithoutTopic()) {
            // "总结一下" on its own: say which articles there are rather than pick one.
            return new Answer(question.text(), Answers.whichArticle(texts, corpus.articles().values()), List.of(), false,
                    Answer.Mode.EXTRACTIVE, 0);
        }
        SourceTexts quotable = sourcesFor(corpus);
        Composition composition = compose(result, corpus, quotable, day);
        Optional<String> place = composition.outcome() == Answer.Outcome.CLARIFY
                ? placeNamedEarlier(composition.options(), context, corpus) : Optional.empty();
        if (place.isPresent()) {
            // The conversation already said where ("南屏公租房谁能申请？" then "房子多大面积？"): the
            // question is asked about that place.
            result = InForce.prefer(searcher.search(place.get() + " " + text, context, PASSAGES), day);
            corpus = result.corpus() != null ? result.corpus() : searcher.corpus();
            quotable = sourcesFor(corpus);
            composition = compose(result, corpus, quotable, day);
        }
        Answer answer = Answers.of(texts, question.text(), composition, quotable);
        // The model reads the same passages when the composer found an answer or related sentences; it is not
        // asked back about regions, nor when nothing relevant was found.
        if (llm.isPresent() && (composition.outcome() == Answer.Outcome.ANSWERED || composition.outcome() == Answer.Outcome.RELATED)) {
            answer = llm.get().answer(question.text(), result, corpus, quotable, answer);
        }
        answer = InForce.withNotes(answer, corpus, day, texts);
        answer = ScannedSources.marked(answer, corpus);
        if (conversations != null && !question.conversationId().isEmpty()) {
            remember(question.conversationId(), text);
        }
        log.debug("Answered ({}, outcome={}, reason={}): {}", answer.mode().json(), answer.outcome().json(), composition.reason(), text);
        return answer;
    }

    /**
     * The one option of a question back that the latest earlier turn naming any of them names;
     * empty when no turn names one, or the latest that does names several.
     */
    static Optional<String> placeNamedEarlier(List<String> options, List<String> context, CorpusView corpus) {
        for (int i = context.size() - 1; i >= 0; i--) {
            List<String> named = corpus.vocabulary().places().in(context.get(i)).stream().filter(options::contains).toList();
            if (!named.isEmpty()) {
                return named.size() == 1 ? Optional.of(named.get(0)) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The day whose documents in force answers prefer: the one the question asks about, else today. */
    private java.time.LocalDate inForceOn(Question question) {
        return question.asOf().orElseGet(() -> java.time.LocalDate.now(clock));
    }

    /** The conversation's earlier questions; none when the memory cannot be read. */
    private List<String> recall(String conversationId) {
        try {
            List<String> recent = conversations.recent(conversationId);
            memoryWorks();
            return recent;
        } catch (StoreException e) {
            memoryFails(e);
            return List.of();
        }
    }

    /** Adds the question to the conversation, if the memory can be written. */
    private void remember(String conversationId, String text) {
        try {
            conversations.add(conversationId, text);
            memoryWorks();
        } catch (StoreException e) {
            memoryFails(e);
        }
    }

    private void memoryFails(StoreException e) {
        if (memoryFailing.compareAndSet(false, true)) {
            log.warn("The conversation memory is failing; answering without it until it works again: {}", e.getMessage());
        }
    }

    private void memoryWorks() {
        if (memoryFailing.compareAndSet(true, false)) {
            log.info("The conversation memory works again");
        }
    }

    private Composition compose(SearchResult result, CorpusView corpus, SourceTexts texts, java.time.LocalDate day) {
        UnderstoodQuery q = result.query();
        if (q.intent() == UnderstoodQuery.Intent.SUMMARY) {
            Composition summary = summaries.compose(q, result.hits(), corpus, texts);
            if (!summary.declined()) {
                return summary;
            }
        }
        return extractive.compose(result, texts, day);
    }

    @Override
    public Answer summarize(String topic) {
        String t = topic == null ? "" : topic.strip();
        if (t.isEmpty()) {
            CorpusView corpus = searcher.corpus();
            return corpus.articles().values().stream()
                    .filter(a -> a.date().isPresent())
                    .max(java.util.Comparator.comparing(a -> a.date().get()))
                    .map(a -> summarizeArticle(a.id()))
                    .orElseGet(() -> Answers.declined(texts, "", 0));
        }
        return answer(Question.of("总结一下" + t));
    }

    /** A cited summary of one article (for digests). */
    public Answer summarizeArticle(String articleId) {
        return summarizeArticle(articleId, SummaryComposer.MAX_POINTS);
    }

    /** A cited summary of one article in at most {@code maxPoints} points. */
    public Answer summarizeArticle(String articleId, int maxPoints) {
        CorpusView corpus = searcher.corpus();
        Article article = corpus.article(articleId).orElse(null);
        if (article == null) {
            return Answers.declined(texts, "", 0);
        }
        SourceTexts quotable = sourcesFor(corpus);
        Composition c = summaries.summarize(article, corpus.passagesOf(articleId), null, corpus, quotable);
        if (c.pieces().size() > maxPoints) {
            c = new Composition(c.prefix(), c.pieces().subList(0, maxPoints), c.outcome(), c.reason(), c.confidence(), c.options());
        }
        return Answers.of(texts, "", c, quotable);
    }

    /**
     * The summary of one article for a digest. With a model configured, two to four sentences
     * the model writes from the article's passages, checked like its answers (citations only
     * to passages it was given, verbatim quotes, unverified figures flagged, the AI label);
     * the extractive summary of at most {@code maxPoints} points when there is no model or its
     * summary cannot be used. Declined when the article has nothing quotable.
     */
    public Answer digestSummary(String articleId, int maxPoints) {
        Answer extractive = summarizeArticle(articleId, maxPoints);
        if (extractive.declined() || llm.isEmpty()) {
            return extractive;
        }
        CorpusView corpus = searcher.corpus();
        Article article = corpus.article(articleId).orElse(null);
        if (article == null) {
            return extractive;
        }
        return llm.get().summarize(article.title(), corpus.passagesOf(articleId), sourcesFor(corpus), extractive);
    }

    private SourceTexts sourcesFor(CorpusView corpus) {
        SourcesForGeneration s = sources.get();
        if (s == null || !s.generation().equals(corpus.generation())) {
            // Quotes are checked in the folder the index was built from (`index --articles DIR`),
            // or in the configured one when that folder is gone (moved, deleted).
            Path folder = corpus.source().filter(java.nio.file.Files::isDirectory).orElse(articlesDir);
            s = new SourcesForGeneration(corpus.generation(), SourceTexts.load(folder, corpus.extracted()));
            sources.set(s);
        }
        return s.texts();
    }
}
