package org.policybot.bot.answer;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.policybot.retrieval.embed.PassageVectors;
import org.policybot.retrieval.ingest.Passage;
import org.policybot.retrieval.rank.Models;
import org.policybot.retrieval.search.AnswerPatterns;
import org.policybot.retrieval.search.CorpusView;
import org.policybot.retrieval.search.Hit;
import org.policybot.retrieval.search.PassageFeatures;
import org.policybot.retrieval.search.SearchResult;
import org.policybot.retrieval.search.SentenceScorer;
import org.policybot.retrieval.search.SubQuestions;
import org.policybot.retrieval.search.UnderstoodQuery;
import org.policybot.retrieval.text.ChineseText;
import org.policybot.retrieval.text.QuestionDates;

/**
 * Answers by quoting. Every sentence of the top passages is scored by the fitted sentence
 * model ({@link SentenceFeatures}); the best one and up to two that add to it (the rest of a
 * rule, another part of the question, the other year's figure, a list's items) are quoted in
 * reading order. The fitted answerability model ({@link AnswerFeatures}) then gives the
 * probability that this answer is right, and its thresholds decide the outcome: answered,
 * related (the closest sentences, framed as not stating what was asked) or declined.
 */
public final class ExtractiveComposer {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ExtractiveComposer.class);

    static final int MAX_SENTENCES = 3;
    /** A related answer shows at most this many of the closest sentences. */
    static final int RELATED_SENTENCES = 3;
    private static final Pattern RECENT = Pattern.compile("最新|最近|目前|现在|如今|今年|latest|recent|current");
    private static final int MIN_SENTENCE_CHARS = 6;
    private static final int MIN_QUOTE_CHARS = 10;

    private final Models.Variant models;
    /** Today, for "去年退役的": relative years place the asker's own events in a rule's period. */
    private final Clock clock;
    /** Embeds a phrase as a question is embedded; returns null without vectors. */
    private final java.util.function.Function<String, float[]> embed;

    public ExtractiveComposer(Models.Variant models, Clock clock, java.util.function.Function<String, float[]> embed) {
        Models.checkFeatures(models.sentences(), SentenceFeatures.NAMES, "sentence");
        Models.checkFeatures(models.answers(), AnswerFeatures.NAMES, "answerability");
        this.models = models;
        this.clock = clock;
        this.embed = embed;
    }

    /** The same composer with other models (cross-validation). */
    public ExtractiveComposer withModels(Models.Variant other) {
        return new ExtractiveComposer(other, clock, embed);
    }

    /**
     * What the composer found for a question: every candidate sentence scored, the best one,
     * the sentences chosen to answer, the answerability features and probability. Empty
     * ({@code best == null}) when there is nothing quotable.
     */
    public record Evidence(UnderstoodQuery query, List<Candidate> candidates, Candidate best, List<Candidate> chosen,
                           double[] answerFeatures, double answerability) {

        /** The quotes of the chosen sentences, for checking what an answer shows. */
        public List<String> chosenSentences() {
            return chosen.stream().map(Candidate::sentence).toList();
        }
    }

    Composition compose(SearchResult result, SourceTexts sources) {
        return compose(result, sources, LocalDate.now(clock));
    }

    /** @param inForceOn the day whose documents in force are preferred (today, or the day a staff member asks about) */
    Composition compose(SearchResult result, SourceTexts sources, LocalDate inForceOn) {
        Evidence e = evidence(result, sources, inForceOn);
        if (e.best() == null) {
            return Composition.decline(e.candidates().isEmpty() && result.hits().isEmpty() ? "nothing found" : "no quotable sentence", 0);
        }
        double p = e.answerability();
        // Asking back is for questions on what the articles cover (every noun of the question is in them),
        // however differently by place.
        boolean covered = e.answerFeatures()[AnswerFeatures.NAMES.indexOf("absent_topic")] == 0;
        List<String> regions = covered ? regionsToChooseFrom(e, result) : List.of();
        if (regions.size() > 1) {
            return new Composition("", List.of(), Answer.Outcome.CLARIFY, "the rule differs by region", p,
                    regions);
        }
        Answer.Outcome outcome = p >= models.answerThreshold() ? Answer.Outcome.ANSWERED
                : p >= models.relatedThreshold() ? Answer.Outcome.RELATED : Answer.Outcome.DECLINED;
        if (log.isDebugEnabled()) {
            log.debug("Evidence for {}: type={} best=\"{}\" p={} outcome={} features={}", e.query().normalized(),
                    e.query().answerType(), e.best().sentence(), String.format(java.util.Locale.ROOT, "%.3f", p), outcome,
                    java.util.Arrays.toString(e.answerFeatures()));
        }
        if (outcome == Answer.Outcome.DECLINED) {
            return Composition.decline("low answerability", p);
        }
        List<Candidate> shown = outcome == Answer.Outcome.ANSWERED ? e.chosen()
                : e.chosen().subList(0, Math.min(RELATED_SENTENCES, e.chosen().size()));
        List<Candidate> ordered = new ArrayList<>(shown);
        Candidate best = e.best();
        // The best sentence first (the answer before its context), then the others in reading order.
        ordered.sort(Comparator.comparing((Candidate c) -> c == best ? 0 : 1)
                .thenComparing((Candidate c) -> c.passage().articleId().equals(best.passage().articleId()) ? 0 : 1)
                .thenComparing(c -> c.passage().articleId())
                .thenComparingInt(c -> c.passage().position())
                .thenComparingInt(Candidate::index));
        List<Composition.Piece> pieces = ordered.stream()
                .map(c -> new Composition.Piece("", c.sentence(), c.passage(), c.index(), c.quote())).toList();
        return new Composition("", pieces, outcome, null, p, List.of());
    }

    /** How many of the best sentences holding the kind of answer asked for are looked at for a regional split. */
    static final int REGION_SENTENCES = 5;

    /**
     * The places whose articles give the closest answers, when the question names no place and
     * the best sentences come from articles about different places (the 高龄津贴 of 安澜 and of
     * 禾丰): the answer depends on where, so the bot asks. For a specific answer type, only
     * sentences holding that kind of answer count. Empty when there is nothing to choose.
     */
    static List<String> regionsToChooseFrom(Evidence e, SearchResult result) {
        CorpusView corpus = result.corpus();
        org.policybot.retrieval.search.Places places = corpus.vocabulary().places();
        if (!places.asked(e.query()).isEmpty()) {
            return List.of();
        }
        boolean specific = AnswerPatterns.isSpecific(e.query().answerType());
        List<String> regions = new ArrayList<>();
        int looked = 0;
        for (Candidate c : e.candidates()) {
            if (specific && !c.score().answerType()) {
                continue;
            }
            if (looked++ >= REGION_SENTENCES) {
                break;
            }
            String title = corpus.article(c.passage().articleId()).map(a -> a.title()).orElse(c.passage().title());
            List<String> named = places.in(title);
            if (named.size() != 1) {
                // An article about several places, or about none, is no region's rule.
                return List.of();
            }
            if (!regions.contains(named.get(0))) {
                regions.add(named.get(0));
            }
        }
        return regions;
    }

    /** Scores the candidates, chooses the answer and computes its answerability. */
    public Evidence evidence(SearchResult result, SourceTexts sources) {
        return evidence(result, sources, LocalDate.now(clock));
    }

    /** The same, preferring the documents in force on the given day. */
    public Evidence evidence(SearchResult result, SourceTexts sources, LocalDate inForceOn) {
        UnderstoodQuery q = result.query();
        CorpusView corpus = result.corpus();
        if (result.hits().isEmpty() || q.terms().isEmpty() || corpus == null) {
            return new Evidence(q, List.of(), null, List.of(), null, 0);
        }
        List<QuestionDates.Mention> dates = datesOf(q, LocalDate.now(clock), result.hits().get(0).passage().date());
        SentenceScorer scorer = new SentenceScorer(q, corpus.vocabulary());
        List<Candidate> candidates = candidates(q, result, scorer, dates, sources, corpus);
        if (candidates.isEmpty()) {
            return new Evidence(q, List.of(), null, List.of(), null, 0);
        }
        candidates.sort(Comparator.comparingDouble(Candidate::total).reversed());
        InForce.preferInForce(candidates, corpus, inForceOn);
        if (!dates.isEmpty() && inherited(q) && !ruleAnswers(q, candidates)) {
            // A date carried over from an earlier turn ("我15年退伍的…" then "电话多少？") binds only
            // when a rule for it holds what the follow-up asks; otherwise the follow-up is answered on its own.
            dates = List.of();
            candidates = candidates(q, result, scorer, dates, sources, corpus);
            candidates.sort(Comparator.comparingDouble(Candidate::total).reversed());
            InForce.preferInForce(candidates, corpus, inForceOn);
        }
        Candidate best = ruleForTheDate(q, candidates);
        List<Candidate> chosen = select(q, best, candidates, dates);
        addSubQuestionAnswers(q, chosen, candidates, corpus);
        addListItems(q, chosen, candidates);
        addAnnouncedCases(chosen, candidates);
        addCaseLabels(chosen, candidates);
        double[] features = AnswerFeatures.of(q, result, scorer, candidates, chosen, dates, embed);
        double p = models.answers().probability(features);
        return new Evidence(q, candidates, best, chosen, features, p);
    }

    /** Whether the dates were carried over from an earlier turn rather than given in the question. */
    private boolean inherited(UnderstoodQuery q) {
        return q.followUp() && QuestionDates.find(q.normalized(), LocalDate.now(clock)).isEmpty();
    }

    /**
     * Whether one of the best sentences states a period that holds the date and, for a question
     * that asks for a number, a place, a phone…, gives one.
     */
    private static boolean ruleAnswers(UnderstoodQuery q, List<Candidate> candidates) {
        boolean specific = AnswerPatterns.isSpecific(q.answerType());
        return candidates.subList(0, Math.min(RULE_DEPTH, candidates.size())).stream()
                .anyMatch(c -> c.dates() == DateRangeReasoner.Relation.INSIDE && (!specific || c.score().answerType()));
    }

    /** How far down the ranked sentences a rule whose period holds the date asked about is looked for. */
    static final int RULE_DEPTH = 10;

    /**
     * The best sentence; but when the question gives a date and one of the best sentences states
     * a period that holds it, that rule: it says what applies to the asker, whatever else the
     * sentences above it share with the question. Moved to the front of the candidates.
     */
    private static Candidate ruleForTheDate(UnderstoodQuery q, List<Candidate> candidates) {
        Candidate best = candidates.get(0);
        if (best.dates() == DateRangeReasoner.Relation.INSIDE) {
            return best;
        }
        // A question for a number, a date, a place… ("电话多少？" after "我15年退伍的…") wants the rule only if it holds one.
        boolean specific = AnswerPatterns.isSpecific(q.answerType());
        for (Candidate c : candidates.subList(0, Math.min(RULE_DEPTH, candidates.size()))) {
            if (c.dates() == DateRangeReasoner.Relation.INSIDE && (!specific || c.score().answerType())) {
                candidates.remove(c);
                candidates.add(0, c);
                return c;
            }
        }
        return best;
    }

    /**
     * Every quotable sentence of the hits with its features and fitted score (index = line *
     * 1000 + sentence, so neighbours differ by one).
     */
    List<Candidate> candidates(UnderstoodQuery q, SearchResult result, SentenceScorer scorer, List<QuestionDates.Mention> dates,
                               SourceTexts sources, CorpusView corpus) {
        boolean wantsRecent = RECENT.matcher(q.normalized()).find();
        boolean wantsList = ASKS_FOR_LIST.matcher(q.normalized()).find();
        boolean specific = AnswerPatterns.isSpecific(q.answerType());
        List<Hit> hits = result.hits();
        String newestArticle = newestArticle(hits);
        List<String> questionBigrams = PassageFeatures.questionBigrams(q.normalized(), corpus.vocabulary());
        float[] vector = result.queryVector();
        org.policybot.retrieval.search.Places places = corpus.vocabulary().places();
        List<String> askedPlaces = places.asked(q);
        List<org.policybot.retrieval.search.Numbers.Asked> askedNumbers = org.policybot.retrieval.search.Numbers.in(q.normalized());
        boolean asksAmount = q.answerType() == UnderstoodQuery.AnswerType.AMOUNT;
        List<String> actionForms = QuestionChecks.askedActionForms(q);
        List<Candidate> candidates = new ArrayList<>();
        for (Hit hit : hits) {
            Passage p = hit.passage();
            String heading = PassageFeatures.headingOf(p, corpus);
            org.policybot.retrieval.search.Places.Agreement place = places.agreement(askedPlaces, PassageFeatures.placeText(p, corpus));
            PassageVectors vectors = corpus.vectorsOf(p.id());
            double passageScore = result.passageScores().getOrDefault(p.id(), 0.0);
            List<List<String>> lines = p.sentenceLines();
            int flat = 0;
            for (int l = 0; l < lines.size(); l++) {
                String previous = "";
                String beforePrevious = "";
                int index = (l + 1) * 1000;
                List<String> sentences = lines.get(l);
                for (int k = 0; k < sentences.size(); k++, flat++) {
                    String s = sentences.get(k);
                    index++;
                    // A quote is about its speaker: "“…招了15名中级技工…”" then "龙佰集团人事经理李晓燕表示。"
                    String attribution = k + 1 < sentences.size() && isAttribution(sentences.get(k + 1)) ? sentences.get(k + 1) : "";
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
                    // A sentence without a period of its own goes on with the rule of the sentence before it.
                    DateRangeReasoner.Relation relation = DateRangeReasoner.relate(dates, q.normalized(), s);
                    if (relation == DateRangeReasoner.Relation.NONE && k > 0) {
                        relation = DateRangeReasoner.relate(dates, q.normalized(), sentences.get(k - 1));
                    }
                    double[] f = new double[SentenceFeatures.NAMES.size()];
                    f[0] = passageScore;
                    f[1] = 1.0 / hit.rank();
                    f[2] = score.coverage();
                    f[3] = scorer.coverage(s);
                    f[4] = vectors == null || vector == null ? 0 : vectors.sentenceCosine(vector, flat);
                    f[6] = !specific ? 0 : (score.answerType() ? 1 : -1);
                    f[7] = score.unit() ? 1 : 0;
                    f[8] = score.year();
                    f[9] = relation == DateRangeReasoner.Relation.INSIDE ? 1 : 0;
                    f[10] = relation == DateRangeReasoner.Relation.PARTLY ? 1 : 0;
                    f[11] = relation == DateRangeReasoner.Relation.OUTSIDE ? 1 : 0;
                    f[12] = PassageFeatures.bigramRecall(questionBigrams, ChineseText.compact(ChineseText.fold(s)));
                    f[13] = Math.log(1 + ChineseText.visibleLength(s));
                    f[14] = wantsRecent && p.articleId().equals(newestArticle) ? 1 : 0;
                    f[16] = l == 0 && k == 0 ? 1 : 0;
                    f[17] = place.match();
                    f[18] = place.conflict() ? 1 : 0;
                    f[19] = org.policybot.retrieval.search.Numbers.match(askedNumbers, s);
                    f[20] = asksAmount && AnswerPatterns.holdsMoney(ChineseText.compact(ChineseText.fold(s))) ? 1 : 0;
                    f[21] = actionForms == null || QuestionChecks.actionFound(actionForms, s, false) ? 1 : 0;
                    candidates.add(new Candidate(s, quote, p, hit.rank(), index, flat, context, score, relation, f, 0));
                }
            }
        }
        double maxCos = candidates.stream().mapToDouble(c -> c.features()[SentenceFeatures.COS]).max().orElse(0);
        if (wantsList) {
            scoreListIntros(candidates, scorer);
        }
        for (Candidate c : candidates) {
            double[] f = c.features();
            f[SentenceFeatures.COS_REL] = maxCos == 0 ? 0 : f[SentenceFeatures.COS] - maxCos;
        }
        SentenceFeatures.standardise(candidates.stream().map(Candidate::features).toList());
        double[] logits = new double[candidates.size()];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = models.sentences().logit(candidates.get(i).features());
        }
        // Each sentence's probability of being the one that answers, among this question's candidates.
        double[] p = org.policybot.retrieval.rank.ListwiseRegression.softmax(logits);
        List<Candidate> scored = new ArrayList<>(candidates.size());
        for (int i = 0; i < p.length; i++) {
            scored.add(candidates.get(i).withTotal(p[i]));
        }
        return scored;
    }

    /**
     * The best sentence, then the next best ones up to {@link #MAX_SENTENCES}: a sentence the
     * model ranks second or third holds the answer often enough that showing it pays (its
     * citation says where it stands). Left out: near-duplicates, rules for a period the date
     * asked about is outside of, and, when the best sentence's rule holds the date, rules
     * that hold it only partly. For "who said …", the speaker named next to a quote comes first.
     */
    private List<Candidate> select(UnderstoodQuery q, Candidate best, List<Candidate> candidates, List<QuestionDates.Mention> dates) {
        List<Candidate> chosen = new ArrayList<>();
        chosen.add(best);
        Set<String> seen = new HashSet<>();
        seen.add(ChineseText.compact(best.sentence()));
        if (q.answerType() == UnderstoodQuery.AnswerType.PERSON && !best.score().answerType()) {
            candidates.stream().filter(c -> c.passage().id().equals(best.passage().id())
                            && Math.abs(c.index() - best.index()) == 1 && c.score().answerType())
                    .min(Comparator.comparingInt(c -> c.index() < best.index() ? 0 : 1))
                    .ifPresent(c -> {
                        chosen.add(c);
                        seen.add(ChineseText.compact(c.sentence()));
                    });
        }
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
            chosen.add(c);
            seen.add(key);
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

    /**
     * For "哪些" questions: a sentence that opens a list ("…进行了探索。" then "——让企业…",
     * "——促成果转化…") is scored together with its items, which carry the answer's words; the
     * coverage it gains is a feature.
     */
    private static void scoreListIntros(List<Candidate> candidates, SentenceScorer scorer) {
        for (Candidate intro : candidates) {
            List<Candidate> items = listItemsAfter(intro, candidates);
            if (items.size() < 2) {
                continue;
            }
            StringBuilder group = new StringBuilder(intro.sentence());
            items.forEach(c -> group.append(c.sentence()));
            double gain = scorer.score(group.toString(), intro.context()).coverage() - intro.score().coverage();
            intro.features()[SentenceFeatures.LIST_GAIN] = Math.max(0, gain);
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
        return itemsAfter(intro, candidates, LIST_ITEM);
    }

    /** The lines right after a sentence that ends its line whose first sentence opens with {@code item}. */
    private static List<Candidate> itemsAfter(Candidate intro, List<Candidate> candidates, Pattern item) {
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
            if (!item.matcher(c.sentence()).find()) {
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

    /**
     * A sentence that says how many cases there are ("接续主要分为三个时间段，办理方式有所不同。")
     * and is followed by one line per case, each opening with the case ("2012年7月1日前退役的：…",
     * "情形一：…"): the answer is the sentence and the first sentence of each case, not one
     * case alone. A question naming its case (a date, a place) has that case's rule as its best
     * sentence instead, so it keeps its single answer.
     */
    private static void addAnnouncedCases(List<Candidate> chosen, List<Candidate> candidates) {
        if (chosen.isEmpty()) {
            return;
        }
        Matcher announced = ANNOUNCES_CASES.matcher(chosen.get(0).sentence());
        if (!announced.find()) {
            return;
        }
        List<Candidate> cases = itemsAfter(chosen.get(0), candidates, CASE_LINE);
        int count = Math.min(caseCount(announced.group(2)), MAX_LIST_ITEMS);
        if (cases.size() < 2) {
            return;
        }
        chosen.subList(1, chosen.size()).clear();
        chosen.addAll(cases.subList(0, Math.min(count, cases.size())));
    }

    /**
     * A chosen sentence that goes on a case's line ("2024年3月1日及以后退役的：…。" then "社保经办机构
     * 将……自动无缝衔接。") is shown after the sentence that opens the line with its case, so the
     * rule is never quoted without the case it is for.
     */
    static void addCaseLabels(List<Candidate> chosen, List<Candidate> candidates) {
        for (int i = 0; i < chosen.size(); i++) {
            Candidate c = chosen.get(i);
            if (c.index() % 1000 == 1) {
                continue;
            }
            int line = c.index() / 1000;
            Candidate label = candidates.stream()
                    .filter(o -> o.passage().id().equals(c.passage().id()) && o.index() / 1000 == line && o.index() % 1000 == 1)
                    .findFirst().orElse(null);
            if (label != null && !chosen.contains(label) && CASE_LINE.matcher(label.sentence()).find()
                    && !LIST_ITEM.matcher(label.sentence()).find()) {
                chosen.add(i, label);
                i++;
            }
        }
    }

    private static int caseCount(String numeral) {
        int digit = "〇一二三四五六七八九".indexOf(numeral);
        if (digit > 0) {
            return digit;
        }
        return switch (numeral) {
            case "两" -> 2;
            case "十" -> 10;
            default -> Integer.parseInt(numeral);
        };
    }

    /** "分为三个时间段", "有两种情况", "分三类": a count of cases, then what they are. */
    private static final Pattern ANNOUNCES_CASES = Pattern.compile(
            "(分为|分成|区分为|分|有|包括)([两二三四五六七八九十]|[2-9])(个|种|类|项|大类|大)?"
                    + "(时间段|阶段|时期|情形|情况|类型|类别|档次|步骤|步|方面|方式|途径|渠道|种|类)");
    /** A line that opens with its case and a colon ("2012年7月1日前退役的：", "情形一："), or a list item. */
    private static final Pattern CASE_LINE = Pattern.compile("^[^，。；！？：:]{2,40}[：:]|" + LIST_ITEM.pattern());

    /** A list answer shows its opening sentence and at most this many items. */
    private static final int MAX_LIST_ITEMS = 5;

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

    /** Words by which a question speaks of the asker or their family: their events are dated from today. */
    private static final Pattern ASKER = Pattern.compile("我|俺|咱|本人|自己|家里|[爸妈爷奶姥]|老公|老婆|爱人|媳妇|丈夫|妻子|孩子|儿子|女儿|娃");

    /**
     * Dates of the question, holidays ("2024年清明节") and events ("奥运会那年") included; "去年"
     * counts from today when the question speaks of the asker ("我去年退役的"), else from the
     * date of the article it is answered from ("去年新增了多少"). A follow-up without dates of its
     * own takes those of the latest earlier turn that has some ("我13年退伍的" … "那要带什么材料？").
     *
     * @param articleDate the date of the article of the best passage, if it has one
     */
    static List<QuestionDates.Mention> datesOf(UnderstoodQuery q, LocalDate today, java.util.Optional<LocalDate> articleDate) {
        List<QuestionDates.Mention> own = QuestionDates.find(q.normalized(), anchor(q.normalized(), today, articleDate));
        if (!own.isEmpty() || !q.followUp()) {
            return own;
        }
        for (int i = q.context().size() - 1; i >= 0; i--) {
            String earlier = q.context().get(i) == null ? "" : q.context().get(i);
            List<QuestionDates.Mention> found = QuestionDates.find(earlier, anchor(earlier, today, articleDate));
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    private static LocalDate anchor(String text, LocalDate today, java.util.Optional<LocalDate> articleDate) {
        return ASKER.matcher(text).find() ? today : articleDate.orElse(today);
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
