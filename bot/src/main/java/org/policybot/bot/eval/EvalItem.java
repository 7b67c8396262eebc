package org.policybot.bot.eval;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.policybot.bot.api.Json;
import org.policybot.bot.api.UsageException;

/**
 * One question of an evaluation file (a JSON line of eval/*.jsonl): an empty
 * {@code expect} marks a question the articles do not answer.
 */
public record EvalItem(String id, String question, List<String> context, List<String> expect, String category, String kind) {

    /** An item of another kind: its style tags joined with "+", the category when the file has none. */
    public EvalItem {
        context = List.copyOf(context);
        expect = List.copyOf(expect);
        kind = kind == null || kind.isBlank() ? category : kind;
    }

    /** Whether the question is off the articles' topics or asks them to be ignored (it should be declined, not related). */
    public boolean offTopic() {
        return kind.contains("off-topic") || kind.contains("injection");
    }

    public boolean answerable() {
        return !expect.isEmpty();
    }

    public static List<EvalItem> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UsageException("questions file not found: " + file);
        } catch (IOException e) {
            throw new UsageException("cannot read questions file " + file + ": " + e.getMessage());
        }
        List<EvalItem> items = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            JsonNode n;
            try {
                n = Json.MAPPER.readTree(line);
            } catch (IOException e) {
                throw new UsageException(file + " line " + (i + 1) + ": not valid JSON");
            }
            if (n == null || !n.hasNonNull("question") || !n.get("question").isTextual()) {
                throw new UsageException(file + " line " + (i + 1) + ": needs a \"question\" string");
            }
            List<String> expect = new ArrayList<>();
            if (n.has("expect") && n.get("expect").isArray()) {
                n.get("expect").forEach(e -> expect.add(e.asText()));
            }
            List<String> context = new ArrayList<>();
            if (n.has("context") && n.get("context").isArray()) {
                n.get("context").forEach(e -> context.add(e.asText()));
            }
            String id = n.hasNonNull("id") ? n.get("id").asText() : "line-" + (i + 1);
            String category = n.hasNonNull("category") ? n.get("category").asText() : categoryFromId(id, expect);
            String kind = n.hasNonNull("kind") ? n.get("kind").asText() : category;
            items.add(new EvalItem(id, n.get("question").asText(), context, expect, category, kind));
        }
        return items;
    }

    private static String categoryFromId(String id, List<String> expect) {
        int dash = id.indexOf('-');
        if (dash > 0) {
            return id.substring(0, dash);
        }
        return expect.isEmpty() ? "negative" : "other";
    }
}
