package org.policybot.bot.web;

import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.util.function.Supplier;
import org.policybot.retrieval.ingest.Article;
import org.policybot.retrieval.ingest.Passage;
import org.policybot.retrieval.search.CorpusView;

/**
 * Reading the corpus in service: {@code GET /api/articles/{id}} (the whole article with its
 * passages, its validity status today, and for a PDF, Word or web page file the text extracted from it) and {@code GET /api/passages/{id}} (one passage and the article it belongs to),
 * which the staff page uses to show a citation in context.
 */
final class CorpusRoutes {

    private final Supplier<CorpusView> corpus;
    /** Today, for the validity status of an article. */
    private final Clock clock;

    CorpusRoutes(Supplier<CorpusView> corpus, Clock clock) {
        this.corpus = corpus;
        this.clock = clock;
    }

    void article(Context ctx) {
        CorpusView view = corpus.get();
        String id = ctx.pathParam("id");
        Article a = view.article(id).orElseThrow(() -> new NotFoundResponse("没有这篇文章：" + id));
        JsonResponses.ok(ctx, ArticleView.article(a, view.passagesOf(a.id()), view.extracted().get(a.file()), LocalDate.now(clock)));
    }

    void passage(Context ctx) {
        CorpusView view = corpus.get();
        String id = ctx.pathParam("id");
        Passage p = view.passages().stream().filter(x -> x.id().equals(id)).findFirst()
                .orElseThrow(() -> new NotFoundResponse("没有这个段落：" + id));
        JsonResponses.ok(ctx, ArticleView.passage(p));
    }
}
