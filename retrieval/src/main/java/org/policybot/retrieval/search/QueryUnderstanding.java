package org.policybot.retrieval.search;

import com.hankcs.hanlp.dictionary.CoreDictionary;
import com.hankcs.hanlp.seg.common.Term;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.policybot.retrieval.search.UnderstoodQuery.AnswerType;
import org.policybot.retrieval.search.UnderstoodQuery.Intent;
import org.policybot.retrieval.text.ChineseText;
import org.policybot.retrieval.text.QuestionDates;
import org.policybot.retrieval.text.Segmenter;

/**
 * Turns a chat question (and the earlier questions of the conversation) into weighted
 * query words: folding (traditional, full-width), dates (two-digit years, Chinese numerals,
 * English month names), homophone typos corrected against the corpus's own words by pinyin,
 * synonyms, English words through a glossary, pinyin names and abbreviations, a question
 * typed in pinyin read as the words it spells, and the key words of earlier turns when the
 * question leans on them ({@link FollowUp}). Also classifies the question (summary or fact, and the answer type).
 */
public final class QueryUnderstanding {

    /** Questions longer than this are cut before analysis; nobody types more in a chat. */
    static final int MAX_CHARS = 500;
    static final double CORRECTION_WEIGHT = 0.9;
    static final double SYNONYM_WEIGHT = 0.6;
    /** Weight of a word as typed when a homophone correction replaced it. */
    static final double TYPO_WEIGHT = 0.3;
    static final double SINGLE_CHAR_WEIGHT = 0.6;
    static final double LAST_TURN_WEIGHT = 0.5;
    static final double EARLIER_TURN_WEIGHT = 0.3;

    /** A Latin word with its possessive ending ("driver's", "persons'"), or a number. */
    private static final Pattern LATIN_WORD = Pattern.compile("[a-z][a-z0-9&\\-]*(?:['\u2019]s(?![a-z0-9])|['\u2019](?![a-z]))?|\\d+");
    private static final Set<String> ENGLISH_STOPWORDS = Set.of("the", "a", "an", "of", "in", "on", "for", "to", "is", "are",
            "was", "were", "be", "been", "and", "or", "me", "you", "give", "can", "could", "would", "please", "quick", "about",
            "that", "this", "it", "its", "with", "by", "did", "do", "does", "i", "my", "we", "our", "your", "from", "at", "as",
            "tell", "made", "make", "there", "their", "they", "what's", "whats", "it's", "into", "up", "some", "any", "so");
    private static final Pattern SUMMARY = Pattern.compile(
            "总结|概括|归纳|摘要|梗概|大意|(讲|说|写|谈)(了|的)?(啥|什么|哪些|哪几)|主要(内容|讲|说|观点)|大概(讲|说)|哪几点|要点|核心观点|"
                    + "summar|overview|gist|main points|key points|what (is|are|was|were|does|did) [a-z ']{0,40}(about|say)");
    /** Words that name the act of summarising: neither the topic nor an aspect of it. */
    private static final Set<String> SUMMARY_WORDS = Set.of("总结", "概括", "归纳", "摘要", "梗概", "大意", "讲", "说", "写", "谈",
            "提", "主要", "内容", "观点", "要点", "大概", "文章", "稿子", "稿", "篇", "那篇", "这篇", "一篇", "报道", "新闻",
            "几点", "哪几点", "点", "总结一下", "讲了", "说了", "哪些", "一起");
    private final Lexicon lexicon;
    private final Vocabulary vocabulary;
    private final FollowUp followUp;

    /** Built on the first question with Latin letters: most questions have none. */
    private volatile PinyinReader pinyin;

    public QueryUnderstanding(Lexicon lexicon, Vocabulary vocabulary) {
        this(lexicon, vocabulary, FollowUp.bundled());
    }

    public QueryUnderstanding(Lexicon lexicon, Vocabulary vocabulary, FollowUp followUp) {
        this.lexicon = lexicon;
        this.vocabulary = vocabulary;
        this.followUp = followUp;
    }

    private String pinyinToHanzi(String text) {
        if (text.chars().noneMatch(c -> c >= 'a' && c <= 'z')) {
            return text;
        }
        PinyinReader reader = pinyin;
        if (reader == null) {
            // The corpus's places are words too, also when the segmenter cuts "南屏市" apart.
            Map<String, Integer> words = new java.util.HashMap<>(vocabulary.documentFrequencies());
            vocabulary.places().names().forEach(p -> words.merge(p, 1, Math::max));
            reader = new PinyinReader(words, lexicon.stopwords());
            pinyin = reader;
        }
        return reader.toHanzi(text);
    }

    public UnderstoodQuery understand(String question, List<String> context) {
        String cut = question.length() > MAX_CHARS ? question.substring(0, MAX_CHARS) : question;
        Analysis own = analyse(cut);
        Map<String, QueryTerm> terms = new LinkedHashMap<>();
        own.terms.forEach(t -> terms.merge(t.text(), t, QueryUnderstanding::stronger));
        boolean hasContext = context.stream().anyMatch(c -> c != null && !c.isBlank());
        // A reply that only names a place ("安澜") answers the question back about where: it goes on from the last turn.
        boolean onlyPlaces = !own.terms.isEmpty() && own.terms.stream()
                .allMatch(t -> vocabulary.places().names().contains(t.text()) || t.source() == QueryTerm.Source.SYNONYM);
        boolean leans = hasContext && (onlyPlaces || followUp.leansOnContext(own.normalized, own.terms));
        for (int i = context.size() - 1, turn = 0; leans && i >= 0 && turn < 3; i--, turn++) {
            String earlier = context.get(i);
            if (earlier == null || earlier.isBlank()) {
                continue;
            }
            double weight = turn == 0 ? LAST_TURN_WEIGHT : EARLIER_TURN_WEIGHT;
            String earlierCut = earlier.length() > MAX_CHARS ? earlier.substring(0, MAX_CHARS) : earlier;
            for (QueryTerm t : analyse(earlierCut).terms) {
                terms.putIfAbsent(t.text(), new QueryTerm(t.text(), t.weight() * weight, QueryTerm.Source.CONTEXT,
                        "context:" + t.concept()));
            }
        }
        Intent intent = SUMMARY.matcher(own.normalized).find() ? Intent.SUMMARY : Intent.FACT;
        List<QueryTerm> list = new ArrayList<>(terms.values());
        AnswerType type = answerType(own.normalized);
        if (leans && type == AnswerType.OTHER) {
            // "那满一百岁的老人呢？" after "…一个月给多少钱？" asks for the same kind of answer.
            type = answerType(ChineseText.fold(lastTurn(context)));
        }
        return new UnderstoodQuery(question, context, own.normalized, list, intent, type,
                QuestionDates.find(own.normalized), own.english, leans);
    }

    private static String lastTurn(List<String> context) {
        for (int i = context.size() - 1; i >= 0; i--) {
            if (context.get(i) != null && !context.get(i).isBlank()) {
                return context.get(i);
            }
        }
        return "";
    }

    static boolean isSummaryWord(String word) {
        return SUMMARY_WORDS.contains(word);
    }

    /** Aspect words the question asks for with a question word before them ("哪些问题", "啥办法"). */
    static Set<String> askedAspects(String normalized) {
        Set<String> out = new java.util.HashSet<>();
        Matcher m = ASKED_ASPECT.matcher(normalized);
        while (m.find()) {
            out.add(m.group(2));
        }
        return out;
    }

    private static final Pattern ASKED_ASPECT = Pattern.compile("(哪些|什么|啥|哪几|几)[个条项点种方面样]?(问题|挑战|困难|办法|方案|措施|对策|建议|举措|路径|原因|成效|特点|特征|影响|意义|作用|经验|做法)");

    private static QueryTerm stronger(QueryTerm a, QueryTerm b) {
        return a.weight() >= b.weight() ? a : b;
    }

    /** The words of one question, without conversation context. */
    private record Analysis(String normalized, List<QueryTerm> terms, boolean english) {
    }

    private Analysis analyse(String raw) {
        String text = pinyinToHanzi(org.policybot.retrieval.text.ChineseNumerals.quantitiesToDigits(
                QuestionDates.expandTwoDigitYears(QuestionDates.englishDatesToChinese(ChineseText.fold(raw)))));
        List<QueryTerm> terms = new ArrayList<>();
        boolean english = latinTerms(text, terms);
        String corrected = correctHomophones(text);
        List<Term> words = Segmenter.segment(corrected);
        if (corrected.equals(text)) {
            addWords(words, QueryTerm.Source.QUESTION, 1.0, terms);
        } else {
            addWords(words, QueryTerm.Source.CORRECTION, CORRECTION_WEIGHT, terms);
            List<QueryTerm> typed = new ArrayList<>();
            addWords(Segmenter.segment(text), QueryTerm.Source.QUESTION, TYPO_WEIGHT, typed);
            for (QueryTerm t : typed) {
                if (terms.stream().noneMatch(c -> c.text().equals(t.text()))) {
                    terms.add(t);
                }
            }
        }
        addSynonyms(corrected, words, terms);
        Map<String, QueryTerm> unique = new LinkedHashMap<>();
        terms.forEach(t -> unique.merge(t.text(), t, QueryUnderstanding::stronger));
        return new Analysis(corrected, new ArrayList<>(unique.values()), english);
    }

    private void addWords(List<Term> segmented, QueryTerm.Source source, double weight, List<QueryTerm> out) {
        addSplitNames(segmented, source, weight, out);
        for (Term t : segmented) {
            String w = t.word.strip();
            if (w.isEmpty() || lexicon.isStopword(w) || !hasCjkOrDigit(w) || isFunctionWord(t)) {
                continue;
            }
            if (w.chars().allMatch(Character::isDigit)) {
                if (w.length() >= 2) {
                    out.add(new QueryTerm(w, weight, source));
                }
                continue;
            }
            if (w.codePointCount(0, w.length()) == 1) {
                if (!"年月日号天个次元万亿".contains(w)) {
                    out.add(new QueryTerm(w, weight * SINGLE_CHAR_WEIGHT, source));
                }
                continue;
            }
            out.add(new QueryTerm(w, weight, source));
        }
    }

    /**
     * A name the segmenter does not know falls apart into single characters ("杜玲" as 杜 and
     * 玲); two or three such characters in a row that the corpus knows as a name, or as a
     * frequent character pair, are kept together as one word.
     */
    private void addSplitNames(List<Term> segmented, QueryTerm.Source source, double weight, List<QueryTerm> out) {
        for (int i = 0; i + 1 < segmented.size(); i++) {
            for (int len = Math.min(3, segmented.size() - i); len >= 2; len--) {
                StringBuilder joined = new StringBuilder();
                boolean singles = true;
                for (int k = i; k < i + len && singles; k++) {
                    String w = segmented.get(k).word;
                    singles = w.length() == 1 && ChineseText.isCjk(w.charAt(0)) && FUNCTION_CHARS.indexOf(w.charAt(0)) < 0
                            && NUMERALS.indexOf(w.charAt(0)) < 0;
                    joined.append(w);
                }
                String word = joined.toString();
                if (singles && (vocabulary.isName(word) || len == 2 && vocabulary.bigramFrequency(word) >= 3)) {
                    out.add(new QueryTerm(word, weight, source));
                    i += len - 1;
                    break;
                }
            }
        }
    }

    /** Synonyms of the question's words, and synonym keys the words of {@code text} ({@code words}) hold. */
    private void addSynonyms(String text, List<Term> words, List<QueryTerm> terms) {
        List<QueryTerm> added = new ArrayList<>();
        for (QueryTerm t : List.copyOf(terms)) {
            for (String s : lexicon.synonymsOf(t.text())) {
                added.add(new QueryTerm(s, t.weight() * SYNONYM_WEIGHT, QueryTerm.Source.SYNONYM, t.concept()));
            }
        }
        for (String key : lexicon.synonymKeys()) {
            if (key.length() >= 2 && containsWord(text, key, words) && terms.stream().noneMatch(t -> t.text().equals(key))) {
                added.add(new QueryTerm(key, 1.0, QueryTerm.Source.QUESTION));
                for (String s : lexicon.synonymsOf(key)) {
                    added.add(new QueryTerm(s, SYNONYM_WEIGHT, QueryTerm.Source.SYNONYM, key));
                }
            }
        }
        terms.addAll(added);
    }

    /**
     * Chinese keys: a substring not inside one longer word ("工作" is not in "工作日", "上班" is
     * in "几点上班", "城乡居民养老" may span several words); Latin keys: a whole word ("ai" is
     * not in "daily").
     */
    private static boolean containsWord(String text, String key, List<Term> words) {
        int from = 0;
        int at;
        while ((at = text.indexOf(key, from)) >= 0) {
            if (key.codePoints().anyMatch(ChineseText::isCjk)) {
                int start = at;
                int end = at + key.length();
                boolean insideLonger = words.stream().anyMatch(w -> w.offset <= start && end <= w.offset + w.word.length()
                        && w.word.length() > key.length());
                if (!insideLonger) {
                    return true;
                }
                from = at + 1;
                continue;
            }
            boolean startOk = at == 0 || !isAsciiAlnum(text.charAt(at - 1));
            int end = at + key.length();
            boolean endOk = end >= text.length() || !isAsciiAlnum(text.charAt(end));
            if (startOk && endOk) {
                return true;
            }
            from = at + 1;
        }
        return false;
    }

    private static boolean isAsciiAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    /**
     * English words through the glossary (longest phrase first), pinyin names of people and
     * places the corpus names ("Nanping's notice" is about 南屏 when the corpus names 南屏市),
     * pinyin abbreviations; other Latin words are kept as they are. Returns
     * true when the question is mostly Latin script.
     */
    private boolean latinTerms(String text, List<QueryTerm> out) {
        List<String> words = new ArrayList<>();
        List<Integer> ends = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        Matcher m = LATIN_WORD.matcher(text);
        int latinChars = 0;
        while (m.find()) {
            String w = Lexicon.englishWord(m.group());
            words.add(w);
            starts.add(m.start());
            ends.add(m.end());
            if (!Character.isDigit(w.charAt(0))) {
                latinChars += w.length();
            }
        }
        int cjk = (int) text.codePoints().filter(ChineseText::isCjk).count();
        int i = 0;
        while (i < words.size()) {
            int matched = 0;
            for (int len = Math.min(lexicon.longestEnglishPhrase(), words.size() - i); len >= 1 && matched == 0; len--) {
                if (!contiguous(text, starts, ends, i, len)) {
                    continue;
                }
                String phrase = String.join(" ", words.subList(i, i + len));
                List<String> zh = lexicon.english(phrase);
                if (!zh.isEmpty()) {
                    for (String z : zh) {
                        if (!lexicon.isStopword(z)) {
                            out.add(new QueryTerm(z, 1.0, QueryTerm.Source.TRANSLATION, phrase));
                        }
                    }
                    matched = len;
                } else if (len <= 3 && len * 2 <= phrase.length()) {
                    String spelled = phrase.replace(" ", "");
                    String name = vocabulary.nameForPinyin(spelled);
                    String place = name == null ? vocabulary.placeForPinyin(spelled) : null;
                    if (name != null) {
                        out.add(new QueryTerm(name, 1.0, QueryTerm.Source.TRANSLATION));
                        matched = len;
                    } else if (place != null) {
                        out.add(new QueryTerm(place, 1.0, QueryTerm.Source.TRANSLATION, phrase));
                        matched = len;
                    }
                }
            }
            if (matched == 0) {
                String w = words.get(i);
                List<String> abbr = lexicon.abbreviation(w);
                if (!abbr.isEmpty()) {
                    abbr.forEach(z -> out.add(new QueryTerm(z, 1.0, QueryTerm.Source.TRANSLATION, w)));
                } else if (!ENGLISH_STOPWORDS.contains(w) && w.length() >= 2 && !w.chars().allMatch(Character::isDigit)) {
                    out.add(new QueryTerm(w, 0.8, QueryTerm.Source.QUESTION));
                }
                matched = 1;
            }
            i += matched;
        }
        return latinChars > cjk * 2;
    }

    private static boolean contiguous(String text, List<Integer> starts, List<Integer> ends, int from, int len) {
        for (int k = from; k < from + len - 1; k++) {
            String between = text.substring(ends.get(k), starts.get(k + 1));
            // Folding drops the space after a possessive apostrophe ("persons'federation").
            if (!between.isBlank() && !between.equals("-") && !between.equals("'") && !between.equals("\u2019")) {
                return false;
            }
        }
        return true;
    }

    /**
     * Replaces characters of bigrams that occur nowhere in the corpus and are no dictionary
     * word by the most frequent corpus bigram that sounds the same and is a dictionary word
     * ("养老保显" reads as "养老保险"). Words the dictionary knows are left alone, so a real
     * word the corpus lacks ("公积金") is not turned into a corpus word.
     */
    String correctHomophones(String text) {
        char[] out = text.toCharArray();
        boolean[] inKnownWord = new boolean[text.length()];
        int pos = 0;
        for (Term t : Segmenter.segment(text)) {
            int len = t.word.length();
            if (len >= 2 && CoreDictionary.contains(t.word)) {
                for (int k = pos; k < pos + len && k < inKnownWord.length; k++) {
                    inKnownWord[k] = true;
                }
            }
            pos += len;
        }
        for (int i = 0; i + 1 < text.length(); i++) {
            char a = text.charAt(i);
            char b = text.charAt(i + 1);
            if (!ChineseText.isCjk(a) || !ChineseText.isCjk(b) || inKnownWord[i] || inKnownWord[i + 1]) {
                continue;
            }
            String bigram = "" + a + b;
            if (vocabulary.bigramFrequency(bigram) > 0 || notATypo(a, b)) {
                continue;
            }
            for (String candidate : vocabulary.soundAlikes(bigram)) {
                if (vocabulary.bigramFrequency(candidate) >= 2 && CoreDictionary.contains(candidate)) {
                    out[i] = candidate.charAt(0);
                    out[i + 1] = candidate.charAt(1);
                    break;
                }
            }
        }
        return new String(out);
    }

    private static final String NUMERALS = "零〇一二三四五六七八九十两百千万几";
    /** Pronouns and particles: typed on purpose ("我是" is not a slip for "我市"). */
    private static final String FUNCTION_CHARS = "我你您他她它咱们是的了吗呢吧啊呀哦嘛么这那哪谁啥";

    /** Two numerals ("一四年" is not "仪式年") or a pronoun or particle are never corrected. */
    static boolean notATypo(char a, char b) {
        return NUMERALS.indexOf(a) >= 0 && NUMERALS.indexOf(b) >= 0
                || FUNCTION_CHARS.indexOf(a) >= 0 || FUNCTION_CHARS.indexOf(b) >= 0;
    }

    /** Prepositions, conjunctions, particles, pronouns, interjections and measure words carry no topic. */
    private static boolean isFunctionWord(Term t) {
        if (t.nature == null) {
            return false;
        }
        String n = t.nature.toString();
        return n.equals("p") || n.equals("c") || n.equals("cc") || n.startsWith("u") || n.startsWith("r") || n.equals("y")
                || n.equals("e") || n.equals("o") || n.equals("q");
    }

    private static boolean hasCjkOrDigit(String w) {
        return w.codePoints().anyMatch(cp -> ChineseText.isCjk(cp) || Character.isDigit(cp));
    }

    // The question words of each answer type, found anywhere in the question.
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern ENDS_WITH_QUESTION_PARTICLE = Pattern.compile("(吗|么|嘛)[？?！!。\\s]*$");
    private static final Pattern ASKS_YES_OR_NO = Pattern.compile("(能不能|可不可以|是不是|算不算|要不要|有没有|能否|是否|可否|行不行|会不会|用不用)(?!.*(多少|几[个家位座所倍成名人期项次天月年号]|哪|谁|什么时候))");
    private static final Pattern ASKS_TIME = Pattern.compile("((?<!哪)几点(钟|上班|下班|开门|关门|开始|结束|营业|办公|接听|能|可以|前|后|到|之前|以后|[？?！!。]|$)|什么时间(上班|下班|开门|办公|营业|接听)|(上班|下班|办公|营业|开放|服务|接听)(时间|时段)|哪个时段|what time|opening hours)");
    private static final Pattern ASKS_PHONE = Pattern.compile("(电话|热线|号码|手机号|联系方式|hotline|phone|call )");
    private static final Pattern ASKS_DURATION = Pattern.compile("(多久|多长时间|多少天|(?<![那这])几天|几个工作日|多少个?(工作日|星期|小时|分钟|个月)|(?<![那这])几个月|多长|期限|时限|how long)");
    private static final Pattern ASKS_DATE = Pattern.compile("(哪天|哪一天|几号|(?<![那这])几月|哪年|哪一年|什么时候|何时|啥时候|日期|when|what date)");
    private static final Pattern ASKS_AMOUNT = Pattern.compile("(多少钱|多少元|几块|金额|how much|(交|缴|退|给|补|花|赚|挣|发|领)多少(钱|费|金)?([，。？?！!、,\\s]|$))");
    private static final Pattern ASKS_COUNT = Pattern.compile("(多少|第几|(?<![那这])几[个家位座所倍成名人期项次辆幅份条]|how many|数量"
            // A measure: "有多高", "多大面积", "多重" ("多长" asks how long: a duration).
            + "|(?<![许很好差不])多(高|大|重|远|快|深|厚|宽|低|小)(?![家概])|百分之几|几成|比例是多少)");
    /** A place, also by the kind of place asked for: "哪个城市", "哪个省". */
    private static final Pattern ASKS_PLACE = Pattern.compile("(哪里|哪儿|什么地方|在哪|去哪|where|地址|地点"
            + "|(哪个|哪座|什么)(城市|省份?|县|区|市|国家|地区|地方))");
    private static final Pattern ASKS_PERSON = Pattern.compile("(谁|哪位|什么人|who)");
    private static final Pattern ASKS_WHO_IS_IN_CHARGE = Pattern.compile("(谁(来|负责|管|处理|办|退|给|出|审核|受理)|找谁|归谁)");
    private static final Pattern ASKS_WHICH = Pattern.compile("(哪个|哪家|哪些|which|什么(学校|单位|机构|部门|平台))");
    private static final Pattern ASKS_WHY = Pattern.compile("(为什么|为啥|原因|why)");
    private static final Pattern ASKS_HOW = Pattern.compile("(怎么|如何|怎样|咋|how|步骤|流程|手续|材料|办理)");

    /** The answer type a question (or one clause of it) asks for. */
    public static AnswerType answerType(String question) {
        String q = SPACES.matcher(question).replaceAll(" ");
        boolean yesNo = ENDS_WITH_QUESTION_PARTICLE.matcher(q).find()
                || ASKS_YES_OR_NO.matcher(q).find();
        if (ASKS_TIME.matcher(q).find()) {
            return AnswerType.TIME;
        }
        if (ASKS_PHONE.matcher(q).find()) {
            return AnswerType.PHONE;
        }
        if (ASKS_DURATION.matcher(q).find()) {
            return AnswerType.DURATION;
        }
        if (ASKS_DATE.matcher(q).find()) {
            return AnswerType.DATE;
        }
        if (ASKS_AMOUNT.matcher(q).find()) {
            return AnswerType.AMOUNT;
        }
        if (ASKS_COUNT.matcher(q).find()) {
            return AnswerType.COUNT;
        }
        if (yesNo) {
            return AnswerType.YES_NO;
        }
        if (ASKS_PLACE.matcher(q).find()) {
            return AnswerType.PLACE;
        }
        if (ASKS_PERSON.matcher(q).find()) {
            // "钱谁来退", "找谁办": the office in charge, not a person.
            return ASKS_WHO_IS_IN_CHARGE.matcher(q).find() ? AnswerType.WHICH : AnswerType.PERSON;
        }
        if (ASKS_WHICH.matcher(q).find()) {
            return AnswerType.WHICH;
        }
        if (ASKS_WHY.matcher(q).find()) {
            return AnswerType.WHY;
        }
        if (ASKS_HOW.matcher(q).find()) {
            return AnswerType.HOW;
        }
        return AnswerType.OTHER;
    }
}
