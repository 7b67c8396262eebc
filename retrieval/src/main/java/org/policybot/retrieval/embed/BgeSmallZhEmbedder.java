package org.policybot.retrieval.embed;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallzhv15q.BgeSmallZhV15QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.List;

/**
 * BGE small zh v1.5 (quantized, 512 dimensions) running in process through LangChain4j's
 * ONNX runtime. Needs no network. Queries get the retrieval instruction BGE was trained
 * with for short queries.
 */
public final class BgeSmallZhEmbedder implements Embedder {

    static final String QUERY_INSTRUCTION = "为这个句子生成表示以用于检索相关文章：";
    private final EmbeddingModel model;

    public BgeSmallZhEmbedder() {
        this.model = new BgeSmallZhV15QuantizedEmbeddingModel();
    }

    /** The LangChain4j model, for callers that use LangChain4j stores directly. */
    public EmbeddingModel model() {
        return model;
    }

    @Override
    public String name() {
        return "bge-small-zh-v1.5-q";
    }

    @Override
    public int dimensions() {
        return 512;
    }

    @Override
    public List<float[]> embedPassages(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (String text : texts) {
            out.add(model.embed(TextSegment.from(text)).content().vector());
        }
        return out;
    }

    @Override
    public float[] embedQuery(String query) {
        return model.embed(QUERY_INSTRUCTION + query).content().vector();
    }
}
