package org.policybot.bot.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.policybot.retrieval.search.SearchResult;
import org.policybot.retrieval.search.UnderstoodQuery;

/** The JSON shapes of the command line and the HTTP API (README, "Commands"), built in one place. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    public static ObjectNode searchResult(JsonNode id, String query, SearchResult result) {
        return tree(Contract.SearchBody.of(id, query, result));
    }

    /**
     * How a query was understood ({@code search --explain --json}): intent, expected answer,
     * dates mentioned, the normalized text and the weighted words searched for.
     */
    public static ObjectNode understood(UnderstoodQuery q) {
        return tree(Contract.UnderstoodBody.of(q));
    }

    public static ObjectNode answer(JsonNode id, org.policybot.bot.answer.Answer a) {
        return tree(Contract.AnswerBody.of(id, a));
    }

    /** A contract record as a JSON object, for callers that add fields (a request id, an explanation). */
    public static ObjectNode tree(Record body) {
        return MAPPER.valueToTree(body);
    }

    /**
     * The Answer JSON read back (what {@link #answer} writes and {@code POST /api/ask}
     * returns); a node that is not one fails with {@link IllegalArgumentException}.
     */
    public static org.policybot.bot.answer.Answer readAnswer(JsonNode n) {
        if (n == null || !n.isObject() || !n.path("answer").isTextual() || !n.path("outcome").isTextual()) {
            throw new IllegalArgumentException("not an answer: expected \"answer\" and \"outcome\"");
        }
        List<org.policybot.bot.answer.Citation> citations = new ArrayList<>();
        for (JsonNode c : n.path("citations")) {
            citations.add(new org.policybot.bot.answer.Citation(c.path("n").asInt(), c.path("passageId").asText(""),
                    c.path("title").asText(""), c.path("file").asText(""),
                    c.path("date").isTextual() ? c.path("date").asText() : null, c.path("quote").asText(""),
                    c.path("ocr").asBoolean(false), c.path("section").asText(""), Math.max(0, c.path("page").asInt(0))));
        }
        List<String> options = new ArrayList<>();
        n.path("options").forEach(o -> options.add(o.asText()));
        org.policybot.bot.answer.Answer.Mode mode = "llm".equals(n.path("mode").asText())
                ? org.policybot.bot.answer.Answer.Mode.LLM : org.policybot.bot.answer.Answer.Mode.EXTRACTIVE;
        org.policybot.bot.answer.Answer.Outcome outcome;
        try {
            outcome = org.policybot.bot.answer.Answer.Outcome.fromJson(n.path("outcome").asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an answer: unknown outcome " + n.path("outcome").asText());
        }
        return new org.policybot.bot.answer.Answer(n.path("question").asText(""), n.path("answer").asText(), citations,
                outcome, mode, n.path("confidence").asDouble(), options);
    }

    public static String line(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One line of a batch file: its id, question and earlier questions, or why it is unusable; {@code line} counts from 1. */
    public record BatchItem(JsonNode id, String question, List<String> context, String error, int line) {
    }

    /** Reads a JSON Lines batch file; bad lines become items with an error, blank lines are skipped. */
    public static List<BatchItem> readBatch(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UsageException("batch file not found: " + file);
        } catch (IOException e) {
            throw new UsageException("cannot read batch file " + file + ": " + e.getMessage());
        }
        List<BatchItem> items = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            items.add(parseItem(line, i + 1));
        }
        return items;
    }

    /** One line of a batch file: its id, question and context, or what is wrong with it. */
    public static BatchItem parseItem(String line, int number) {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            return new BatchItem(null, null, List.of(), "line " + number + ": not valid JSON", number);
        }
        if (node == null || !node.isObject()) {
            return new BatchItem(null, null, List.of(), "line " + number + ": expected a JSON object", number);
        }
        JsonNode id = node.get("id");
        JsonNode q = node.get("question");
        if (q == null || !q.isTextual() || q.asText().isBlank()) {
            return new BatchItem(id, null, List.of(), "line " + number + ": \"question\" must be a non-empty string", number);
        }
        List<String> context = new ArrayList<>();
        JsonNode c = node.get("context");
        if (c != null && !c.isNull()) {
            if (c.isTextual()) {
                context.add(c.asText());
            } else if (c.isArray()) {
                for (JsonNode e : c) {
                    if (!e.isTextual()) {
                        return new BatchItem(id, null, List.of(), "line " + number + ": \"context\" must be a list of strings", number);
                    }
                    context.add(e.asText());
                }
            } else {
                return new BatchItem(id, null, List.of(), "line " + number + ": \"context\" must be a list of strings", number);
            }
        }
        return new BatchItem(id, q.asText(), context, null, number);
    }

    public static ObjectNode error(JsonNode id, String message) {
        ObjectNode n = MAPPER.createObjectNode();
        n.set("id", id);
        n.put("error", message);
        return n;
    }
}
