package org.policybot.bot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Function;
import org.policybot.bot.api.Json;
import org.policybot.bot.api.UsageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch contract of {@code ask --batch} and {@code search --batch}: one JSON line out per
 * input, in order, its id echoed. An input that cannot be done (a bad line, a question over
 * the length a single question may have, a failure while answering it) gets
 * {@code {"id": …, "error": "line N: …"}} in its place, and the batch goes on.
 */
final class Batch {

    private static final Logger log = LoggerFactory.getLogger(Batch.class);

    private Batch() {
    }

    /** Writes one line per item: {@code each} applied to it, or its error. */
    static void run(List<Json.BatchItem> items, PrintWriter out, Function<Json.BatchItem, JsonNode> each) {
        for (Json.BatchItem item : items) {
            out.println(Json.line(lineFor(item, each)));
            out.flush();
        }
    }

    private static JsonNode lineFor(Json.BatchItem item, Function<Json.BatchItem, JsonNode> each) {
        if (item.error() != null) {
            return Json.error(item.id(), item.error());
        }
        try {
            Queries.require(item.question());
            return each.apply(item);
        } catch (UsageException e) {
            return Json.error(item.id(), "line " + item.line() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            log.warn("Batch line {} failed: {}", item.line(), message);
            log.debug("Batch line {} failed", item.line(), e);
            return Json.error(item.id(), "line " + item.line() + ": failed: " + message);
        }
    }
}
