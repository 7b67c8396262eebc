package org.policybot.bot.eval;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Map;
import org.policybot.bot.api.Json;

/** Prints and serialises the answer and retrieval reports of {@code chatbot eval} and {@code chatbot train}. */
public final class Tables {

    private Tables() {
    }

    /** The answer metrics, overall and by category (and by kind when {@code byKind}). */
    public static void answers(PrintWriter out, String title, AnswerEval.Report r, boolean byKind) {
        out.println();
        out.printf("%s (%.1f ms/question)%n", title, r.millisPerQuestion());
        header(out, "category");
        r.byCategory().forEach((k, m) -> row(out, k, m));
        row(out, "overall", r.overall());
        if (byKind) {
            out.println();
            header(out, "kind");
            r.byKind().forEach((k, m) -> row(out, k, m));
        }
        out.printf("quotes verbatim in the articles: %d of %d (%.1f%%)%n", r.verbatimQuotes(), r.quotes(), 100 * r.verbatimRate());
    }

    private static void header(PrintWriter out, String what) {
        out.printf("%-22s %5s %9s %9s %9s %9s %8s%n", what, "n", "answered", "key fact", "conf.wrong", "neg.n/a", "related");
    }

    private static void row(PrintWriter out, String name, AnswerEval.Metrics m) {
        out.printf("%-22s %5d %9s %9s %9.3f %9s %8.3f%n", name, m.questions(),
                m.answerable() > 0 ? String.format("%.3f", m.answeredRate()) : "-",
                m.answerable() > 0 ? String.format("%.3f", m.keyFactRate()) : "-",
                m.confidentlyWrongRate(),
                m.negatives() > 0 ? String.format("%.3f", m.notAnsweredRate()) : "-",
                m.relatedRate());
    }

    /** One line of retrieval metrics. */
    public static void retrieval(PrintWriter out, RetrievalEval.Report r) {
        out.printf("%-16s %8.3f %8.3f %8.3f %10.2f%n", r.system(), r.overall().recall(), r.overall().partialRecall(),
                r.overall().mrr(), r.millisPerQuestion());
    }

    public static ObjectNode metricsJson(AnswerEval.Metrics m) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("questions", m.questions());
        n.put("answerable", m.answerable());
        n.put("negatives", m.negatives());
        n.put("answeredRate", round(m.answeredRate()));
        n.put("keyFactRate", round(m.keyFactRate()));
        n.put("confidentlyWrongRate", round(m.confidentlyWrongRate()));
        n.put("notAnsweredRate", round(m.notAnsweredRate()));
        n.put("declineRate", round(m.declineRate()));
        n.put("relatedRate", round(m.relatedRate()));
        return n;
    }

    public static ObjectNode answersJson(AnswerEval.Report r) {
        ObjectNode n = metricsJson(r.overall());
        n.put("quotes", r.quotes());
        n.put("verbatimRate", round(r.verbatimRate()));
        n.put("msPerQuestion", round(r.millisPerQuestion()));
        ObjectNode cats = n.putObject("byCategory");
        r.byCategory().forEach((k, m) -> cats.set(k, metricsJson(m)));
        ObjectNode kinds = n.putObject("byKind");
        r.byKind().forEach((k, m) -> kinds.set(k, metricsJson(m)));
        ArrayNode failures = n.putArray("failures");
        r.failures().forEach(failures::add);
        return n;
    }

    public static ObjectNode retrievalJson(RetrievalEval.Report r) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("system", r.system());
        n.put("answerable", r.overall().questions());
        n.put("recall", round(r.overall().recall()));
        n.put("partialRecall", round(r.overall().partialRecall()));
        n.put("mrr", round(r.overall().mrr()));
        n.put("msPerQuestion", round(r.millisPerQuestion()));
        ObjectNode cats = n.putObject("byCategory");
        for (Map.Entry<String, RetrievalEval.Stats> e : r.byCategory().entrySet()) {
            cats.putObject(e.getKey()).put("n", e.getValue().questions()).put("recall", round(e.getValue().recall()))
                    .put("partialRecall", round(e.getValue().partialRecall())).put("mrr", round(e.getValue().mrr()));
        }
        ArrayNode misses = n.putArray("misses");
        r.misses().forEach(misses::add);
        return n;
    }

    public static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
