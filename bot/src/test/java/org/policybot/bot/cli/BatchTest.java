package org.policybot.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.policybot.bot.api.Json;

/** The batch loop: one line per input, in order, whatever happens to one of them. */
class BatchTest {

    @Test
    void should_answer_the_other_lines_in_order_when_one_line_fails() throws Exception {
        // given: the second question's work fails as the index or the database might
        List<Json.BatchItem> items = List.of(
                Json.parseItem("{\"id\": \"a\", \"question\": \"社保\"}", 1),
                Json.parseItem("{\"id\": 2, \"question\": \"养老保险\"}", 2),
                Json.parseItem("not json", 3),
                Json.parseItem("{\"id\": \"d\", \"question\": \"12333\"}", 4));
        StringWriter out = new StringWriter();

        // when
        Batch.run(items, new PrintWriter(out), item -> {
            if (item.question().equals("养老保险")) {
                throw new IllegalStateException("the index was closed");
            }
            return Json.MAPPER.createObjectNode().set("id", item.id());
        });

        // then
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString().strip().split("\n")) {
            lines.add(Json.MAPPER.readTree(line));
        }
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0).get("id").asText()).isEqualTo("a");
        assertThat(lines.get(0).has("error")).isFalse();
        assertThat(lines.get(1).get("id").asInt()).isEqualTo(2);
        assertThat(lines.get(1).get("error").asText()).isEqualTo("line 2: failed: the index was closed");
        assertThat(lines.get(2).get("error").asText()).contains("line 3");
        assertThat(lines.get(3).get("id").asText()).isEqualTo("d");
        assertThat(lines.get(3).has("error")).isFalse();
    }
}
