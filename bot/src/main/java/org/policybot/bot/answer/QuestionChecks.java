package org.policybot.bot.answer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.policybot.retrieval.ingest.Passage;
import org.policybot.retrieval.search.QueryTerm;
import org.policybot.retrieval.search.SentenceScorer;
import org.policybot.retrieval.search.SubQuestions;
import org.policybot.retrieval.search.UnderstoodQuery;
import org.policybot.retrieval.text.ChineseText;

/**
 * Checks of whether evidence holds what a question asks about beyond its topic: the action a
 * how-question asks about, the noun a question closes on, the weightiest noun. Each is one
 * answerability feature; none decides alone.
 */
final class QuestionChecks {

    private QuestionChecks() {
    }

    private static final Pattern HOW_ACTION = Pattern.compile("(怎么|怎样|如何|咋)(样)?([\\u4e00-\\u9fff]{1,4})");
    /** Verbs too general to say what a "how" question is about. */
    private static final java.util.Set<String> GENERAL_VERBS = java.util.Set.of("办", "办理", "弄", "做", "搞", "整", "处理",
            "算", "操作", "回事", "说", "讲", "看", "样", "去", "走", "申请", "查", "问");

    /**
     * "公积金怎么转": the action a how-question asks about (here 转, or a synonym such as 转移)
     * must appear in the answer sentence or the ones around it; a sentence that only names the
     * topic ("为灵活就业人员提供…平台" for "灵活就业人员社保怎么交") does not answer it.
     */
    static boolean askedActionFound(UnderstoodQuery q, String evidence) {
        return askedActionFound(q, evidence, true);
    }

    /**
     * The same; without {@code oneCharacter}, a one-character action ("转") counts only by its
     * longer forms ("转移", "转接"), not at the start of any word ("转型", "转化").
     */
    static boolean askedActionFound(UnderstoodQuery q, String evidence, boolean oneCharacter) {
        List<String> forms = askedActionForms(q);
        return forms == null || actionFound(forms, evidence, oneCharacter);
    }

    /**
     * The forms of the action a how-question asks about (compact: the action, its synonyms, and
     * the question's own words a compound action is made of), or null when it asks about none.
     * Worked out once per question; {@link #actionFound} then checks each piece of evidence.
     */
    static List<String> askedActionForms(UnderstoodQuery q) {
        java.util.regex.Matcher m = HOW_ACTION.matcher(q.normalized());
        if (!m.find()) {
            return null;
        }
        String after = m.group(3);
        QueryTerm action = null;
        for (QueryTerm t : q.terms()) {
            if (after.startsWith(t.text()) && t.isOwn() && (action == null || t.text().length() > action.text().length())) {
                action = t;
            }
        }
        if (action == null || GENERAL_VERBS.contains(action.text())) {
            // "退伍证丢了怎么办": with a general verb, what happened is the verb before it.
            action = verbBefore(q, q.normalized().substring(0, m.start()));
            if (action == null) {
                return null;
            }
        }
        // A compound action ("转移接续") is found by any of the question's own words it is made of
        // ("转移", "接续"), as well as by itself and its synonyms.
        String whole = action.text();
        java.util.Set<String> concepts = new java.util.HashSet<>();
        concepts.add(action.concept());
        for (QueryTerm t : q.terms()) {
            if (t.isOwn() && t.text().length() > 1 && t.text().length() < whole.length() && whole.contains(t.text())) {
                concepts.add(t.concept());
            }
        }
        return q.terms().stream().filter(t -> concepts.contains(t.concept()) || concepts.contains(t.text()))
                .map(t -> ChineseText.compact(t.text())).toList();
    }

    /** Whether the evidence holds one of the action's forms ({@link #askedActionForms}). */
    static boolean actionFound(List<String> forms, String evidence, boolean oneCharacter) {
        String text = ChineseText.compact(ChineseText.fold(evidence));
        if (forms.stream().anyMatch(f -> f.length() > 1 && text.contains(f))) {
            return true;
        }
        if (!oneCharacter) {
            return false;
        }
        // A one-character action counts at the start of a word that is no noun: 退 in 退还, not 交 in 交通.
        java.util.Set<String> verbStarts = null;
        for (String form : forms) {
            if (form.length() == 1) {
                if (verbStarts == null) {
                    verbStarts = wordStartsOfNonNouns(text);
                }
                if (verbStarts.contains(form)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The first character of every word of the text that is not a noun. */
    private static java.util.Set<String> wordStartsOfNonNouns(String text) {
        java.util.Set<String> starts = new java.util.HashSet<>();
        for (var t : org.policybot.retrieval.text.Segmenter.segment(text)) {
            boolean noun = t.nature != null && t.nature.toString().startsWith("n");
            if (!noun && !t.word.isEmpty()) {
                starts.add(t.word.substring(0, 1));
            }
        }
        return starts;
    }

    /** HanLP's natures of plain verbs. */
    private static final java.util.Set<String> PLAIN_VERBS = java.util.Set.of("v", "vi", "vg", "vf");

    /** The question's own verb that ends the text before "怎么办" ("丢" in "退伍证丢了"), or null. */
    private static QueryTerm verbBefore(UnderstoodQuery q, String before) {
        List<com.hankcs.hanlp.seg.common.Term> words = org.policybot.retrieval.text.Segmenter.segment(before.strip());
        for (int i = words.size() - 1; i >= 0; i--) {
            var w = words.get(i);
            String nature = w.nature == null ? "" : w.nature.toString();
            if (nature.startsWith("u") || nature.startsWith("y") || nature.equals("p") || w.word.isBlank()) {
                continue;
            }
            // Plain verbs only: "社保" is a verbal noun (vn), "是" and "有" are verbs of their own kind.
            if (!PLAIN_VERBS.contains(nature) || GENERAL_VERBS.contains(w.word)) {
                return null;
            }
            return q.terms().stream().filter(t -> t.text().equals(w.word) && t.isOwn()).findFirst().orElse(null);
        }
        return null;
    }

    /**
     * Nouns that say what kind of answer is wanted, not what it is about ("有哪些规定", "什么政策",
     * "要什么手续"): the answer states the rule without the word.
     */
    private static final java.util.Set<String> KINDS_OF_ANSWER = java.util.Set.of("规定", "政策", "要求", "办法", "措施", "流程",
            "手续", "程序", "条件", "内容", "情况", "问题", "方式", "方法", "标准", "步骤", "事项", "注意事项", "渠道", "途径",
            "规则", "说法", "区别", "不同", "变化", "意思", "原因", "影响", "作用", "意义", "特点", "好处", "结果", "材料", "资料");

    /** The noun right before the question word at the end: "公式" in "有计算公式吗", "门票" in "门票多少钱". */
    private static final Pattern NOUN_THEN_ASK = Pattern.compile(
            "([\\u4e00-\\u9fff]{2,8}?)(有|是)?(吗|多少钱|多少|是几|有几|有哪些|是什么|是啥|在哪里|在哪儿|在哪)[？?！!。\\s]*$");
    /** The noun right after the question word at the end: "影响" in "有什么影响", "参数" in "有多少参数". */
    private static final Pattern ASK_THEN_NOUN = Pattern.compile(
            "(什么|哪些|多少|啥)([\\u4e00-\\u9fff]{2,4})[？?！!。\\s]*$");

    /**
     * The thing a question asks about, the noun right before or after its closing question word
     * ("档次" in "缴费档次有哪些", "公式" in "有计算公式吗", "影响" in "有什么影响"), must be in the
     * answer sentence, the ones around it or its heading, itself or by a synonym: a sentence
     * that shares the question's other words does not answer it. Who-questions (the answer
     * names a person) and questions in several parts (answered part by part) are left out.
     */
    static boolean askedNounFound(UnderstoodQuery q, String evidence) {
        if (q.english() || q.answerType() == UnderstoodQuery.AnswerType.PERSON || SubQuestions.split(q.normalized()).size() > 1) {
            return true;
        }
        QueryTerm asked = askedNoun(q);
        if (asked == null) {
            return true;
        }
        String text = ChineseText.compact(ChineseText.fold(evidence));
        String concept = asked.concept();
        return q.terms().stream().filter(t -> t.concept().equals(concept) || t.text().equals(concept) || t == asked)
                .anyMatch(t -> text.contains(ChineseText.compact(t.text())));
    }

    private static QueryTerm askedNoun(UnderstoodQuery q) {
        String normalized = q.normalized();
        List<String> words = new ArrayList<>();
        java.util.regex.Matcher before = NOUN_THEN_ASK.matcher(normalized);
        if (before.find()) {
            List<com.hankcs.hanlp.seg.common.Term> segmented = org.policybot.retrieval.text.Segmenter.segment(before.group(1));
            if (!segmented.isEmpty()) {
                words.add(segmented.get(segmented.size() - 1).word);
            }
        }
        java.util.regex.Matcher after = ASK_THEN_NOUN.matcher(normalized);
        if (after.find()) {
            List<com.hankcs.hanlp.seg.common.Term> segmented = org.policybot.retrieval.text.Segmenter.segment(after.group(2));
            if (!segmented.isEmpty()) {
                words.add(segmented.get(0).word);
            }
        }
        for (String w : words) {
            if (w.length() < 2 || !SentenceScorer.isNoun(w) || KINDS_OF_ANSWER.contains(w)) {
                continue;
            }
            for (QueryTerm t : q.terms()) {
                if (t.text().equals(w) && t.isOwn()) {
                    return t;
                }
            }
        }
        return null;
    }

    /** The weightiest noun of the question must appear in the passage of the best sentence. */
    static boolean keyConceptFound(SentenceScorer scorer, Passage passage) {
        for (String missing : scorer.missing(passage.title() + passage.text())) {
            if (!missing.startsWith("context:") && scorer.weightOf(missing) >= 0.3 && SentenceScorer.isNoun(missing)) {
                return false;
            }
        }
        return true;
    }

}
