package org.policybot.bot.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.policybot.retrieval.search.CorpusView;

/**
 * {@code GET /health}: whether the server answers, which replica it is, how big the corpus in
 * service is, which index generation and how old, which channels are on, which language model
 * (if any) is configured, whether the database answered when last tried, and what the channels
 * add (Telegram: {@code telegramPolling}, "leader" or "standby"). It stays 200 while the
 * database is down: the replica still answers questions from its index, so a load balancer
 * should keep sending it traffic ({@code database} says what does not work). With PostgreSQL,
 * {@code documents} is the number of the last shared document change this replica applied.
 */
final class HealthRoute {

    private final Supplier<CorpusView> corpus;
    private final List<String> channels;
    private final Supplier<Map<String, String>> status;
    private final String llm;
    private final Clock clock;
    private final String replica;
    private final BooleanSupplier database;
    private final Optional<LongSupplier> documents;

    /**
     * @param database  whether the database answered when last tried; must not wait for it
     * @param documents the last shared document change applied, when documents are shared
     */
    HealthRoute(Supplier<CorpusView> corpus, List<String> channels, Supplier<Map<String, String>> status, String llm,
                Clock clock, String replica, BooleanSupplier database, Optional<LongSupplier> documents) {
        this.documents = documents;
        this.corpus = corpus;
        this.replica = replica;
        this.database = database;
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
        n.put("replica", replica);
        n.put("indexGeneration", view.generation());
        n.put("database", database.getAsBoolean() ? "ok" : "unavailable");
        documents.ifPresent(d -> n.put("documents", d.getAsLong()));
        new TreeMap<>(status.get()).forEach(n::put);
        ctx.header("Cache-Control", "no-store");
        JsonResponses.ok(ctx, n);
    }
}
