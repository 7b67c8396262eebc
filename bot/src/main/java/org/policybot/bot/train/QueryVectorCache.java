package org.policybot.bot.train;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.policybot.retrieval.embed.Embedder;

/**
 * The embedding model with the vectors of questions kept: fitting asks the same questions
 * once per fold and per stage, and embedding is most of what a question costs.
 */
final class QueryVectorCache implements Embedder {

    private final Embedder model;
    private final Map<String, float[]> queries = new ConcurrentHashMap<>();

    QueryVectorCache(Embedder model) {
        this.model = model;
    }

    @Override
    public String name() {
        return model.name();
    }

    @Override
    public int dimensions() {
        return model.dimensions();
    }

    @Override
    public List<float[]> embedPassages(List<String> texts) {
        return model.embedPassages(texts);
    }

    @Override
    public float[] embedQuery(String query) {
        return queries.computeIfAbsent(query, model::embedQuery);
    }
}
