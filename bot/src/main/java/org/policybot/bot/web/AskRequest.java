package org.policybot.bot.web;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.javalin.http.BadRequestResponse;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.policybot.bot.answer.InputText;
import org.policybot.bot.answer.Question;
import org.policybot.bot.api.Json;

/**
 * The body of {@code POST /api/ask}, checked field by field so a caller learns exactly what
 * is wrong: {@code {"id": "…", "question": "…", "context": ["…"], "user": "…", "conversationId": "…",
 * "asOf": "2024-06-30"}}. Only {@code question} is required.
 *
 * @param id             the caller's id for the request (a string or number), echoed in the answer;
 *                       a generated one when not given
 * @param context        earlier questions given by the caller, used as they are
 * @param user           who asks, for the rate limit ("" when not given)
 * @param conversationId asks for server-side conversation memory ("" when not given)
 * @param asOf           the day asked about: answers prefer the documents in force that day (empty: today)
 */
record AskRequest(JsonNode id, String question, List<String> context, String user, String conversationId,
                  Optional<LocalDate> asOf) {

    static final int MAX_QUESTION = 500;
    static final int MAX_CONTEXT = 20;
    static final int MAX_ID = 128;

    private static final ObjectReader READER = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    AskRequest {
        context = List.copyOf(context);
    }

    static AskRequest parse(byte[] body) {
        JsonNode node;
        try {
            node = body.length == 0 ? null : READER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadRequestResponse("请求体不是有效的 JSON" + where(e.getLocation()));
        } catch (IOException e) {
            throw new BadRequestResponse("请求体无法读取");
        }
        if (node == null || node.isMissingNode()) {
            throw new BadRequestResponse("请求体为空：需要 JSON，例如 {\"question\": \"退役军人养老保险怎么接续？\"}");
        }
        if (!node.isObject()) {
            throw new BadRequestResponse("请求体必须是 JSON 对象，例如 {\"question\": \"…\"}");
        }
        JsonNode q = node.get("question");
        if (q == null || q.isNull()) {
            throw new BadRequestResponse("缺少 question 字段");
        }
        if (!q.isTextual()) {
            throw new BadRequestResponse("question 必须是字符串");
        }
        String question = InputText.clean(q.asText());
        if (question.isEmpty() && q.asText().indexOf('\uFFFD') >= 0) {
            throw new BadRequestResponse("question 只含无法识别的字符：请用 UTF-8 编码");
        }
        if (question.isEmpty()) {
            throw new BadRequestResponse("question 不能为空（空白和不可见字符不算）");
        }
        int length = question.codePointCount(0, question.length());
        if (length > MAX_QUESTION) {
            throw new BadRequestResponse("问题太长：最多 " + MAX_QUESTION + " 个字，收到 " + length + " 个");
        }
        return new AskRequest(id(node.get("id")), question, context(node.get("context")), optionalText(node, "user"),
                optionalText(node, "conversationId"), asOf(node.get("asOf")));
    }

    /**
     * Where the JSON went wrong, when the parser knows: a parser limit (nesting too deep, a
     * number too long) is reported without a location.
     */
    private static String where(JsonLocation at) {
        if (at == null || at.getLineNr() < 1) {
            return "";
        }
        return "（第 " + at.getLineNr() + " 行第 " + at.getColumnNr() + " 列）";
    }

    /** The caller's request id, or a generated one. */
    static JsonNode id(JsonNode given) {
        if (given == null || given.isNull()) {
            return Json.MAPPER.getNodeFactory().textNode(RequestIds.next());
        }
        if (given.isTextual() && !given.asText().isBlank() && given.asText().length() <= MAX_ID || given.isIntegralNumber()) {
            return given;
        }
        throw new BadRequestResponse("id 必须是不超过 " + MAX_ID + " 个字符的字符串或整数");
    }

    private static List<String> context(JsonNode c) {
        if (c == null || c.isNull()) {
            return List.of();
        }
        if (!c.isArray()) {
            throw new BadRequestResponse("context 必须是字符串数组（之前的问题，按时间先后）");
        }
        if (c.size() > MAX_CONTEXT) {
            throw new BadRequestResponse("context 最多 " + MAX_CONTEXT + " 条，收到 " + c.size() + " 条");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : c) {
            if (!e.isTextual()) {
                throw new BadRequestResponse("context 必须是字符串数组（之前的问题，按时间先后）");
            }
            String text = InputText.clean(e.asText());
            if (text.codePointCount(0, text.length()) > MAX_QUESTION) {
                throw new BadRequestResponse("context 中的每条最多 " + MAX_QUESTION + " 个字");
            }
            if (!text.isEmpty()) {
                out.add(text);
            }
        }
        return out;
    }

    /** The earliest and latest day a question may ask about: what documents in force can mean. */
    static final LocalDate FIRST_DAY = LocalDate.of(1900, 1, 1);
    static final LocalDate LAST_DAY = LocalDate.of(2999, 12, 31);

    static Optional<LocalDate> asOf(JsonNode v) {
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        String hint = "asOf 必须是 YYYY-MM-DD 格式的日期，例如 \"2024-06-30\"";
        if (!v.isTextual()) {
            throw new BadRequestResponse(hint);
        }
        LocalDate day;
        try {
            day = LocalDate.parse(v.asText().strip());
        } catch (DateTimeParseException e) {
            throw new BadRequestResponse(hint);
        }
        if (day.isBefore(FIRST_DAY) || day.isAfter(LAST_DAY)) {
            throw new BadRequestResponse("asOf 必须在 " + FIRST_DAY + " 与 " + LAST_DAY + " 之间");
        }
        return Optional.of(day);
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw new BadRequestResponse(field + " 必须是字符串");
        }
        String text = Question.withoutControlCharacters(v.asText()).strip();
        if (text.length() > MAX_ID) {
            throw new BadRequestResponse(field + " 最多 " + MAX_ID + " 个字符");
        }
        return text;
    }
}
