package org.policybot.bot.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.policybot.retrieval.search.CorpusView;

/**
 * {@code GET /health}: whether the server answers, how big the corpus in service is, how old
 * its index is, which channels are on and which language model (if any) is configured, and
 * what the channels add (Telegram: {@code telegramPolling}, "leader" or "standby").
 */
final class HealthRoute {

    private final Supplier<CorpusView> corpus;
    private final List<String> channels;
    private final Supplier<Map<String, String>> status;
    private final String llm;
    private final Clock clock;

    HealthRoute(Supplier<CorpusView> corpus, List<String> channels, Supplier<Map<String, String>> status, String llm,
                Clock clock) {
        this.corpus = corpus;
        this.channels = List.copyOf(channels);
        this.status = status;
        this.llm = llm;
        this.clock = clock;
    }

    void handle(Context ctx) {
        CorpusView view = corpus.get();
        ObjectNode n = JsonResponses.object();
        n.put("status", "ok");
        n.put("articles", view.articles().size());
        n.put("passages", view.passages().size());
        n.put("indexBuiltAt", view.builtAt().toString());
        n.put("indexAgeSeconds", Math.max(0, Duration.between(view.builtAt(), clock.instant()).toSeconds()));
        channels.forEach(n.putArray("channels")::add);
        n.put("llm", llm);
        new TreeMap<>(status.get()).forEach(n::put);
        ctx.header("Cache-Control", "no-store");
        JsonResponses.ok(ctx, n);
    }
}
