package org.policybot.retrieval.search;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.policybot.retrieval.text.ChineseText;

/**
 * Splits a question that asks several things ("哪天生的？啥时候开始给游客看", "申报的是什么岗位，
 * 拿到了多少经费") into its parts, each with its own answer type and words.
 */
public final class SubQuestions {

    private static final Pattern ASKS = Pattern.compile("吗|么|呢|多少|几|哪|啥|什么|谁|怎么|如何|咋|是否|能否|是不是|有没有|要不要|how|what|which|when|who|where");

    private SubQuestions() {
    }

    /** The clauses that ask something; a single element (or none) when the question has one part. */
    public static List<String> split(String normalized) {
        List<String> out = new ArrayList<>();
        for (String clause : normalized.split("[，,；;？?！!。]+")) {
            String c = clause.strip();
            if (!c.isEmpty() && ASKS.matcher(c).find()) {
                out.add(c);
            }
        }
        return out;
    }

    /** The query as one part sees it: that part's words at full weight, the rest as weak context. */
    public static UnderstoodQuery restrict(UnderstoodQuery q, String part) {
        String p = ChineseText.compact(part);
        List<QueryTerm> terms = new ArrayList<>();
        for (QueryTerm t : q.terms()) {
            boolean inPart = p.contains(ChineseText.compact(t.concept())) || p.contains(ChineseText.compact(t.text()));
            terms.add(inPart ? t : new QueryTerm(t.text(), t.weight() * 0.3, t.source(), t.concept()));
        }
        return new UnderstoodQuery(q.question(), q.context(), part, terms, q.intent(), QueryUnderstanding.answerType(part),
                q.dates(), q.english());
    }
}
