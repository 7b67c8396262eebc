package org.policybot.bot.answer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.policybot.retrieval.ingest.Passage;
import org.policybot.retrieval.search.AnswerPatterns;
import org.policybot.retrieval.search.CorpusView;
import org.policybot.retrieval.search.QueryTerm;
import org.policybot.retrieval.search.Hit;
import org.policybot.retrieval.search.SentenceScorer;
import org.policybot.retrieval.search.UnderstoodQuery;
import org.policybot.retrieval.text.ChineseText;
import org.policybot.retrieval.text.QuestionDates;

/**
 * Answers by quoting: picks the one to three sentences of the top passages that answer the
 * question best (a list question: the sentence opening the list and up to five items; a
 * question in several parts: a sentence per part), keeps them in reading order, and declines when the best evidence does not
 * cover the question. Handles dates (the rule whose period holds the date asked about),
 * figures (the year asked for; the other year's figure too when none was asked) and
 * follow-ups (dates and words of earlier turns).
 */
public final class ExtractiveComposer {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ExtractiveComposer.class);

    static final int MAX_SENTENCES = 3;
    /** A sentence holding the kind of answer asked for wins with this share of the best sentence's coverage. */
    static final double TYPED_COVERAGE = 0.5;
    private static final Pattern RECENT = Pattern.compile("最新|最近|目前|现在|如今|今年|latest|recent|current");
    private static final int MIN_SENTENCE_CHARS = 6;
    private static final int MIN_QUOTE_CHARS = 10;

    private final DeclinePolicy policy;
    /** Today, for "去年退役的": relative years place the asker's own events in a rule's period. */
    private final java.time.Clock clock;

    public ExtractiveComposer(DeclinePolicy policy) {
        this(policy, java.time.Clock.systemDefaultZone());
    }

    public ExtractiveComposer(DeclinePolicy policy, java.time.Clock clock) {
        this.policy = policy;
        this.clock = clock;
    }

    Composition compose(UnderstoodQuery q, List<Hit> hits, CorpusView corpus, SourceTexts sources) {
        if (hits.isEmpty() || q.terms().isEmpty()) {
            return Composition.decline("nothing found", 0);
        }
        List<QuestionDates.Mention> dates = datesOf(q, java.time.LocalDate.now(clock));
        SentenceScorer scorer = new SentenceScorer(q, corpus.vocabulary());
        List<Candidate> candidates = candidates(q, hits, scorer, dates, sources, corpus);
        if (candidates.isEmpty()) {
            return Composition.decline("no quotable sentence", 0);
        }
        candidates.sort(Comparator.comparingDouble(Candidate::total).reversed());
        Candidate best = bestEvidence(q, candidates);
        double passageCoverage = scorer.coverage(best.passage().text());
        // The answer sentence with the ones around it: where a question's action and noun must be.
        String around = best.context().previous() + best.sentence() + nextSentence(best, candidates);
        boolean keyFound = keyConceptFound(scorer, best.passage()) && askedActionFound(q, around);
        String reason = policy.reasonToDecline(q, best, passageCoverage, keyFound, scorer.absentTopicShare());
        if (reason == null && !askedNounFound(q, best.context().heading() + around)) {
            reason = "the thing asked about is not in the answer";
        }
        double confidence = Math.min(1.0, Math.max(best.score().coverage(), passageCoverage * 0.9));
        if (log.isDebugEnabled()) {
            log.debug("Evidence for {}: type={} terms={} best=\"{}\" total={} coverage={} passageCoverage={} keyFound={} absentTopic={} reason={}",
                    q.normalized(), q.answerType(), q.terms().stream().map(t -> t.text() + "/" + t.concept() + "/"
                            + String.format(java.util.Locale.ROOT, "%.2f", t.weight())).toList(),
                    best.sentence(), best.total(), best.score().coverage(), passageCoverage, keyFound, scorer.absentTopicShare(), reason);
        }
        if (reason != null) {
            return Composition.decline(reason, confidence);
        }
        List<Candidate> chosen = select(q, best, candidates, scorer, dates);
        addSubQuestionAnswers(q, chosen, candidates, corpus);
        addListItems(q, chosen, candidates);
        chosen.sort(Comparator.comparing((Candidate c) -> c.passage().articleId().equals(best.passage().articleId()) ? 0 : 1)
                .thenComparing(c -> c.passage().articleId())
                .thenComparingInt(c -> c.passage().position())
                .thenComparingInt(Candidate::index));
        List<Composition.Piece> pieces = chosen.stream()
                .map(c -> new Composition.Piece("", c.sentence(), c.passage(), c.index(), c.quote())).toList();
        return new Composition("", pieces, false, null, confidence);
    }

    /**
     * The sentence with the most evidence, moved to the front of the candidates. For a follow-up
     * asking for a number, date or place, the best sentence that holds one when its coverage is
     * not far behind: in "电话多少？" after questions about materials, the earlier turns' words
     * and dates favour a sentence without a number.
     */
    private static Candidate bestEvidence(UnderstoodQuery q, List<Candidate> candidates) {
        Candidate best = candidates.get(0);
        if (q.context().isEmpty() || !AnswerPatterns.isSpecific(q.answerType()) || best.score().answerType()) {
            return best;
        }
        Candidate typed = candidates.stream()
                .filter(c -> c.score().answerType() && c.dates() != DateRangeReasoner.Relation.OUTSIDE)
                .findFirst().orElse(null);
        if (typed == null || typed.score().coverage() < best.score().coverage() * TYPED_COVERAGE) {
            return best;
        }
        candidates.remove(typed);
        candidates.add(0, typed);
        return typed;
    }

    /** Every quotable sentence of the hits, scored (index = line * 1000 + sentence, so neighbours differ by one). */
    List<Candidate> candidates(UnderstoodQuery q, List<Hit> hits, SentenceScorer scorer, List<QuestionDates.Mention> dates,
                               SourceTexts sources, CorpusView corpus) {
        boolean wantsRecent = RECENT.matcher(q.normalized()).find();
        boolean wantsList = ASKS_FOR_LIST.matcher(q.normalized()).find();
        String newestArticle = newestArticle(hits);
        List<Candidate> candidates = new ArrayList<>();
        for (Hit hit : hits) {
            Passage p = hit.passage();
            String heading = headingOf(p, corpus);
            String[] lines = p.body().split("\n");
            for (int l = 0; l < lines.length; l++) {
                String previous = "";
                String beforePrevious = "";
                int index = (l + 1) * 1000;
                List<String> sentences = ChineseText.sentences(lines[l]);
                for (int k = 0; k < sentences.size(); k++) {
                    String s = sentences.get(k).strip();
                    index++;
                    // A quote is about its speaker: "“…招了15名中级技工…”" then "龙佰集团人事经理李晓燕表示。"
                    String attribution = k + 1 < sentences.size() && isAttribution(sentences.get(k + 1)) ? sentences.get(k + 1).strip() : "";
                    SentenceScorer.Context context = new SentenceScorer.Context(heading, (beforePrevious + previous + attribution).strip());
                    beforePrevious = previous;
                    previous = s;
                    if (ChineseText.visibleLength(s) < MIN_SENTENCE_CHARS || isQuestion(s)) {
                        continue;
                    }
                    String quote = sources.quotablePart(p.file(), s, MIN_QUOTE_CHARS);
                    if (quote.isEmpty()) {
                        continue;
                    }
                    SentenceScorer.Score score = scorer.score(s, context);
                    DateRangeReasoner.Relation relation = DateRangeReasoner.relate(dates, s);
                    double total = score.total() + dateBonus(relation) + 0.1 / hit.rank()
                            + (wantsRecent && p.articleId().equals(newestArticle) ? 0.15 : 0);
                    candidates.add(new Candidate(s, quote, p, hit.rank(), index, context, score, relation, total));
                }
            }
        }
        if (wantsList) {
            scoreListIntros(candidates, scorer);
        }
        return candidates;
    }

    /** The best sentence, then up to two that add what it lacks, continue it, or give the other year's figure. */
    private List<Candidate> select(UnderstoodQuery q, Candidate best, List<Candidate> candidates, SentenceScorer scorer,
                                   List<QuestionDates.Mention> dates) {
        List<Candidate> chosen = new ArrayList<>();
        chosen.add(best);
        Set<String> seen = new HashSet<>();
        seen.add(ChineseText.compact(best.sentence()));
        if (q.answerType() == UnderstoodQuery.AnswerType.PERSON && !best.score().answerType()) {
            // A quote answers "who said …" only with its speaker, usually named in the sentence around it.
            candidates.stream().filter(c -> c.passage().id().equals(best.passage().id())
                            && Math.abs(c.index() - best.index()) == 1 && c.score().answerType())
                    .min(Comparator.comparingInt(c -> c.index() < best.index() ? 0 : 1))
                    .ifPresent(c -> {
                        chosen.add(c);
                        seen.add(ChineseText.compact(c.sentence()));
                    });
        }
        boolean figure = q.answerType() == UnderstoodQuery.AnswerType.COUNT || q.answerType() == UnderstoodQuery.AnswerType.AMOUNT;
        boolean yearAsked = q.dates().stream().anyMatch(m -> m.first().getYear() == m.last().getYear());
        String chosenText = joined(chosen);
        double before = scorer.coverage(chosenText);
        for (Candidate c : candidates.subList(1, candidates.size())) {
            if (chosen.size() >= MAX_SENTENCES) {
                break;
            }
            String key = ChineseText.compact(c.sentence());
            if (seen.contains(key) || nearDuplicate(key, seen) || c.dates() == DateRangeReasoner.Relation.OUTSIDE) {
                continue;
            }
            if (!dates.isEmpty() && best.dates() == DateRangeReasoner.Relation.INSIDE && c.dates() != DateRangeReasoner.Relation.NONE
                    && c.dates() != DateRangeReasoner.Relation.INSIDE) {
                continue;
            }
            boolean continues = chosen.stream().anyMatch(x -> x.passage().id().equals(c.passage().id())
                    && Math.abs(x.index() - c.index()) == 1) && c.total() >= 0.5 * best.total();
            double after = scorer.coverage(chosenText + c.sentence());
            boolean adds = after - before >= 0.1 && c.total() >= 0.6 * best.total();
            boolean otherFigure = figure && !yearAsked && c.score().answerType()
                    && !c.passage().articleId().equals(best.passage().articleId())
                    && c.score().coverage() >= 0.8 * best.score().coverage();
            boolean strong = c.total() >= 0.9 * best.total() && c.score().coverage() >= best.score().coverage() * 0.9
                    && (!AnswerPatterns.isSpecific(q.answerType()) || c.score().answerType());
            // A year that spans a cut-off ("2024年退役的") falls under both rules: give both.
            boolean otherRule = best.dates() == DateRangeReasoner.Relation.PARTLY && c.dates() == DateRangeReasoner.Relation.PARTLY
                    && c.passage().articleId().equals(best.passage().articleId()) && c.total() >= 0.5 * best.total();
            if (continues || adds || otherFigure || strong || otherRule) {
                chosen.add(c);
                seen.add(key);
                chosenText += c.sentence();
                before = after;
            }
        }
        return chosen;
    }

    /**
     * A question with several parts ("有多少岗位，收了多少简历") gets the best sentence for each
     * part it does not already answer, if that part has good evidence of its own.
     */
    private void addSubQuestionAnswers(UnderstoodQuery q, List<Candidate> chosen, List<Candidate> candidates, CorpusView corpus) {
        List<String> parts = SubQuestions.split(q.normalized());
        if (parts.size() < 2) {
            return;
        }
        for (String part : parts) {
            if (chosen.size() >= MAX_SENTENCES) {
                return;
            }
            SentenceScorer sub = new SentenceScorer(SubQuestions.restrict(q, part), corpus.vocabulary());
            boolean answered = chosen.stream().anyMatch(c -> sub.score(c.sentence(), c.context()).total() >= SUB_ANSWER);
            if (answered) {
                continue;
            }
            Candidate bestForPart = null;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (Candidate c : candidates) {
                if (c.dates() != DateRangeReasoner.Relation.OUTSIDE && !chosen.contains(c)) {
                    double score = sub.score(c.sentence(), c.context()).total();
                    if (score > bestScore) {
                        bestForPart = c;
                        bestScore = score;
                    }
                }
            }
            if (bestForPart != null && bestScore >= SUB_ANSWER) {
                chosen.add(bestForPart);
            }
        }
    }

    /** Title, subtitle and section heading: what the sentence is about when it does not say. */
    private static String headingOf(Passage p, CorpusView corpus) {
        String subtitle = corpus.article(p.articleId()).map(a -> a.subtitle()).orElse("");
        return (p.title() + " " + subtitle + " " + p.section()).strip();
    }

    /**
     * For "哪些" questions: a sentence that opens a list ("…进行了探索。" then "——让企业…",
     * "——促成果转化…") is scored together with its items, which carry the answer's words.
     */
    private static void scoreListIntros(List<Candidate> candidates, SentenceScorer scorer) {
        for (int i = 0; i < candidates.size(); i++) {
            Candidate intro = candidates.get(i);
            List<Candidate> items = listItemsAfter(intro, candidates);
            if (items.size() < 2) {
                continue;
            }
            StringBuilder group = new StringBuilder(intro.sentence());
            items.forEach(c -> group.append(c.sentence()));
            SentenceScorer.Score together = scorer.score(group.toString(), intro.context());
            double gain = together.total() - intro.score().total();
            if (gain > 0) {
                candidates.set(i, new Candidate(intro.sentence(), intro.quote(), intro.passage(), intro.hitRank(), intro.index(),
                        intro.context(), together, intro.dates(), intro.total() + gain));
            }
        }
    }

    /** Position of a sentence in its article: passage, then line, then sentence. */
    private static long order(Candidate c) {
        return c.passage().position() * 100_000L + c.index();
    }

    /**
     * The list items ("——…", "一是…") right after a sentence that ends its line, possibly in
     * the next passage of the same article; empty when the sentence opens no list.
     */
    static List<Candidate> listItemsAfter(Candidate intro, List<Candidate> candidates) {
        long at = order(intro);
        boolean endsLine = candidates.stream().noneMatch(c -> c.passage().id().equals(intro.passage().id())
                && c.index() / 1000 == intro.index() / 1000 && c.index() > intro.index());
        if (!endsLine) {
            return List.of();
        }
        List<Candidate> following = candidates.stream()
                .filter(c -> c.passage().articleId().equals(intro.passage().articleId()) && order(c) > at && c.index() % 1000 == 1)
                .sorted(Comparator.comparingLong(ExtractiveComposer::order))
                .toList();
        List<Candidate> items = new ArrayList<>();
        for (Candidate c : following) {
            if (!LIST_ITEM.matcher(c.sentence()).find()) {
                break;
            }
            items.add(c);
        }
        return items;
    }

    /** Evidence a sentence needs to count as the answer to one part of a question. */
    private static final double SUB_ANSWER = 0.6;
    private static final Pattern ASKS_FOR_LIST = Pattern.compile("哪些|哪几|几项|几点|什么(措施|办法|举措|做法|探索|经验|政策)|有啥");
    private static final Pattern LIST_ITEM = Pattern.compile("^(——|一是|二是|三是|四是|五是|首先|其次|再次|最后|第[一二三四五六七八九十]+|[①-⑩]|[（(][一二三四五六七八九十][)）])");

    /**
     * "做了哪些探索": when the chosen sentence introduces a list ("进行了探索。" followed by
     * "——让企业……", "一是……"), the list items that follow it are the answer.
     */
    private static void addListItems(UnderstoodQuery q, List<Candidate> chosen, List<Candidate> candidates) {
        if (!ASKS_FOR_LIST.matcher(q.normalized()).find() || chosen.isEmpty()) {
            return;
        }
        List<Candidate> items = listItemsAfter(chosen.get(0), candidates);
        if (items.size() < 2) {
            return;
        }
        chosen.subList(1, chosen.size()).clear();
        for (Candidate item : items) {
            if (chosen.size() >= MAX_LIST_ITEMS + 1) {
                break;
            }
            chosen.add(item);
        }
    }

    /** A list answer shows its opening sentence and at most this many items. */
    private static final int MAX_LIST_ITEMS = 5;

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
        java.util.regex.Matcher m = HOW_ACTION.matcher(q.normalized());
        if (!m.find()) {
            return true;
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
                return true;
            }
        }
        String concept = action.concept();
        String text = ChineseText.compact(ChineseText.fold(evidence));
        List<String> forms = q.terms().stream().filter(t -> t.concept().equals(concept) || t.text().equals(concept))
                .map(t -> ChineseText.compact(t.text())).toList();
        if (forms.stream().anyMatch(f -> f.length() > 1 && text.contains(f))) {
            return true;
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

    /** The sentence right after this one in its paragraph, or "". */
    private static String nextSentence(Candidate c, List<Candidate> candidates) {
        return candidates.stream().filter(x -> x.passage().id().equals(c.passage().id()) && x.index() == c.index() + 1)
                .map(Candidate::sentence).findFirst().orElse("");
    }

    /** The weightiest noun of the question must appear in the passage of the best sentence. */
    private static boolean keyConceptFound(SentenceScorer scorer, Passage passage) {
        for (String missing : scorer.missing(passage.title() + passage.text())) {
            if (!missing.startsWith("context:") && scorer.weightOf(missing) >= 0.3 && SentenceScorer.isNoun(missing)) {
                return false;
            }
        }
        return true;
    }

    private static final Pattern ATTRIBUTION = Pattern.compile("(表示|说|介绍|指出|认为|坦言|告诉记者|感慨|回忆道|笑着说)[。！]?$");

    /** A short sentence that only says who spoke the quote before it ("龙佰集团人事经理李晓燕表示。"). */
    private static boolean isAttribution(String sentence) {
        String t = sentence.strip();
        return ChineseText.visibleLength(t) <= 30 && ATTRIBUTION.matcher(t).find();
    }

    private static final Pattern CLOSING_QUOTES = Pattern.compile("[”’」』）)\"']+$");

    /** A question in the article ("“我当兵那几年的养老保险该怎么算？”") does not answer anything. */
    private static boolean isQuestion(String s) {
        String t = CLOSING_QUOTES.matcher(s.strip()).replaceAll("");
        return t.endsWith("？") || t.endsWith("?");
    }

    private static double dateBonus(DateRangeReasoner.Relation relation) {
        return switch (relation) {
            case INSIDE -> 0.5;
            case PARTLY -> 0.1;
            case OUTSIDE -> -0.6;
            case NONE -> 0;
        };
    }

    /**
     * Dates of the question (years relative to today included: "去年退役的"), or of the latest
     * earlier turn that has some ("我13年退伍的" … "那要带什么材料？").
     */
    static List<QuestionDates.Mention> datesOf(UnderstoodQuery q, java.time.LocalDate today) {
        List<QuestionDates.Mention> own = datesIn(q.normalized(), q.dates(), today);
        if (!own.isEmpty()) {
            return own;
        }
        for (int i = q.context().size() - 1; i >= 0; i--) {
            String earlier = QuestionDates.expandTwoDigitYears(ChineseText.fold(q.context().get(i)));
            List<QuestionDates.Mention> found = datesIn(earlier, QuestionDates.find(earlier), today);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    private static List<QuestionDates.Mention> datesIn(String text, List<QuestionDates.Mention> absolute, java.time.LocalDate today) {
        if (!absolute.isEmpty()) {
            return absolute;
        }
        return QuestionDates.relativeYears(text, today);
    }

    private static String newestArticle(List<Hit> hits) {
        return hits.stream().filter(h -> h.passage().date().isPresent())
                .max(Comparator.comparing(h -> h.passage().date().get()))
                .map(h -> h.passage().articleId()).orElse("");
    }

    private static boolean nearDuplicate(String key, Set<String> seen) {
        for (String s : seen) {
            if (s.contains(key) || key.contains(s)) {
                return true;
            }
        }
        return false;
    }

    private static String joined(List<Candidate> chosen) {
        StringBuilder sb = new StringBuilder();
        chosen.forEach(c -> sb.append(c.sentence()));
        return sb.toString();
    }
}
