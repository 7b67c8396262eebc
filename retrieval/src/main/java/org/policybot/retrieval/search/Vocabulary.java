package org.policybot.retrieval.search;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.dictionary.py.Pinyin;
import com.hankcs.hanlp.seg.common.Term;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.policybot.retrieval.ingest.Article;
import org.policybot.retrieval.ingest.Passage;
import org.policybot.retrieval.text.ChineseText;
import org.policybot.retrieval.text.Segmenter;

/**
 * What the corpus itself says about words: which character bigrams occur (and which
 * corpus bigrams sound alike, for homophone typos), how rare each word is (for weighting
 * coverage), and the people and places it names, by pinyin (for "Liu Dongmei", "Nanping").
 */
public final class Vocabulary {

    private final Map<String, Integer> bigrams = new HashMap<>();
    private final Map<String, List<String>> soundsLike = new HashMap<>();
    private final Map<String, Integer> documentFrequency = new HashMap<>();
    private final Map<String, String> namesByPinyin = new HashMap<>();
    private final Map<String, String> placesByPinyin = new HashMap<>();
    private final Map<String, String> introductions = new HashMap<>();
    private final java.util.Set<String> names = new java.util.HashSet<>();
    private int documents;
    private Places places;

    private Vocabulary() {
    }

    public static Vocabulary of(Collection<Article> articles, Collection<Passage> passages) {
        Vocabulary v = new Vocabulary();
        // Segmenting is most of the work: done on every core, then counted in passage order,
        // so the vocabulary is the same as one counted on one thread.
        inOrder(new ArrayList<>(passages), Vocabulary::read, r -> {
            v.countBigrams(r.folded());
            for (String name : r.introduced()) {
                v.introductions.putIfAbsent(name, r.passageId());
                v.addName(name);
            }
            v.documents++;
            for (String w : r.words()) {
                v.documentFrequency.merge(w, 1, Integer::sum);
            }
            r.people().forEach(v::addName);
        });
        for (Article a : articles) {
            v.countBigrams(ChineseText.fold(a.title()));
            // "本报记者 杜 玲": a two-character name is often typeset with a space inside.
            String byline = a.byline().replaceAll("(?<![\\u4e00-\\u9fff])([\\u4e00-\\u9fff])\\s+([\\u4e00-\\u9fff])(?![\\u4e00-\\u9fff])", "$1$2");
            for (String token : byline.replaceAll("^(■|●)", " ").split("[\\s、，,]+")) {
                String name = token.replaceAll("^(新华社|中新社|本报|人民日报)?记者", "");
                if (name.matches("[\\u4e00-\\u9fff]{2,4}")) {
                    v.addName(name);
                }
            }
        }
        v.places = Places.of(articles, passages.stream().map(Passage::text).toList());
        for (String place : v.places.names()) {
            for (String reading : readings(place)) {
                v.placesByPinyin.putIfAbsent(reading, place);
                for (String suffix : PLACE_SUFFIXES) {
                    v.placesByPinyin.putIfAbsent(reading + suffix, place);
                }
            }
        }
        for (Map.Entry<String, Integer> e : v.bigrams.entrySet()) {
            if (e.getValue() >= 2) {
                v.soundsLike.computeIfAbsent(fuzzyPinyin(e.getKey()), k -> new ArrayList<>()).add(e.getKey());
            }
        }
        return v;
    }

    /** Passages read at a time (on every core) before they are counted: bounds what is held between the two. */
    static final int BLOCK = 2048;

    /**
     * Reads every item on every core, {@link #BLOCK} at a time, and hands each result to
     * {@code count} in the items' order, on this thread.
     */
    static <T, R> void inOrder(List<T> items, java.util.function.Function<T, R> read, java.util.function.Consumer<R> count) {
        for (int from = 0; from < items.size(); from += BLOCK) {
            items.subList(from, Math.min(items.size(), from + BLOCK)).parallelStream().map(read).toList().forEach(count);
        }
    }

    /** What one passage gives the vocabulary: its folded text, the names it introduces, its distinct words, the people it names. */
    private record Read(String passageId, String folded, List<String> introduced, List<String> words, List<String> people) {
    }

    private static Read read(Passage p) {
        String folded = ChineseText.fold(p.text());
        List<String> introduced = new ArrayList<>();
        java.util.regex.Matcher intro = INTRODUCED.matcher(ChineseText.compact(folded));
        while (intro.find()) {
            String name = intro.group(2);
            // Dictionary words after a title are verbs and adverbs ("书记强调"), not names.
            if (!com.hankcs.hanlp.dictionary.CoreDictionary.contains(name)) {
                introduced.add(name);
            }
        }
        java.util.Set<String> words = new java.util.LinkedHashSet<>();
        for (Term t : Segmenter.segment(folded)) {
            String w = t.word.strip();
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        List<String> people = new ArrayList<>();
        for (Term t : HanLP.segment(folded)) {
            String w = t.word.strip();
            if (t.nature != null && t.nature.toString().startsWith("nr") && w.length() >= 2 && w.length() <= 4) {
                people.add(w);
            }
        }
        return new Read(p.id(), folded, introduced, new ArrayList<>(words), people);
    }

    private void countBigrams(String folded) {
        for (int i = 0; i + 1 < folded.length(); i++) {
            if (ChineseText.isCjk(folded.charAt(i)) && ChineseText.isCjk(folded.charAt(i + 1))) {
                bigrams.merge(folded.substring(i, i + 2), 1, Integer::sum);
            }
        }
    }

    private void addName(String name) {
        names.add(name);
        for (String reading : readings(name)) {
            namesByPinyin.putIfAbsent(reading, name);
        }
    }

    /** Characters read differently in names than in running text ("长" chang/zhang, "单" shan/dan …). */
    private static final Map<Character, List<String>> NAME_READINGS = Map.ofEntries(
            Map.entry('长', List.of("chang", "zhang")), Map.entry('单', List.of("shan", "dan")),
            Map.entry('曾', List.of("zeng", "ceng")), Map.entry('乐', List.of("le", "yue")),
            Map.entry('朴', List.of("piao", "pu")), Map.entry('仇', List.of("qiu", "chou")),
            Map.entry('解', List.of("xie", "jie")), Map.entry('查', List.of("zha", "cha")),
            Map.entry('区', List.of("ou", "qu")), Map.entry('盖', List.of("ge", "gai")),
            Map.entry('尉', List.of("yu", "wei")), Map.entry('重', List.of("chong", "zhong")),
            Map.entry('翟', List.of("zhai", "di")), Map.entry('柏', List.of("bai", "bo")),
            Map.entry('覃', List.of("qin", "tan")), Map.entry('缪', List.of("miao", "mou")),
            Map.entry('都', List.of("du", "dou")), Map.entry('和', List.of("he")), Map.entry('行', List.of("xing", "hang")));

    /** Every pinyin reading of a name, polyphonic name characters expanded. */
    static List<String> readings(String name) {
        List<String> out = new ArrayList<>();
        out.add("");
        List<Pinyin> pinyin = HanLP.convertToPinyinList(name);
        for (int i = 0; i < name.length(); i++) {
            List<String> options = NAME_READINGS.getOrDefault(name.charAt(i),
                    List.of(i < pinyin.size() ? pinyin.get(i).getPinyinWithoutTone().toLowerCase(Locale.ROOT) : ""));
            List<String> next = new ArrayList<>();
            for (String prefix : out) {
                for (String o : options) {
                    next.add(prefix + o.replace("none", ""));
                }
            }
            out = next;
        }
        return out;
    }

    /** A person named after a title ("院长刘晖"): the name, then what follows it. */
    private static final java.util.regex.Pattern INTRODUCED = java.util.regex.Pattern.compile(
            "(院长|主任|教授|研究员|董事长|总经理|总裁|局长|书记|部长|主编|院士|负责人|专家|经理|所长|秘书长|主席|经济学家|总监|组长|"
                    + "处长|厅长|市长|县长|省长|司长|委员|代表|记者|技师|村民|总工程师|工程师)"
                    + "([\\u4e00-\\u9fff]{2,3}?)(?=[，。、,；;：:（(）)“”\\s]|说|表示|认为|指出|介绍|建议|强调|透露|坦言|提到|告诉|$)");

    /** The passage that introduces a person with a title ("…研究院院长刘晖"), if any. */
    public java.util.Optional<String> introductionOf(String name) {
        return java.util.Optional.ofNullable(introductions.get(name));
    }

    /** People introduced with a title somewhere in the corpus. */
    public java.util.Set<String> introducedPeople() {
        return introductions.keySet();
    }

    /** The places the corpus names. */
    public Places places() {
        return places;
    }

    public int bigramFrequency(String bigram) {
        return bigrams.getOrDefault(bigram, 0);
    }

    /** Corpus bigrams that sound like this one (same fuzzy pinyin), most frequent first. */
    public List<String> soundAlikes(String bigram) {
        List<String> out = new ArrayList<>(soundsLike.getOrDefault(fuzzyPinyin(bigram), List.of()));
        out.remove(bigram);
        out.sort((a, b) -> Integer.compare(bigramFrequency(b), bigramFrequency(a)));
        return out;
    }

    /** Inverse document frequency of a word over passages (smoothed; unseen words are rarest). */
    public double idf(String word) {
        int df = documentFrequency.getOrDefault(word, 0);
        return Math.log(1 + (documents - df + 0.5) / (df + 0.5));
    }

    /** Every word of the passages with the number of passages it occurs in. */
    public Map<String, Integer> documentFrequencies() {
        return java.util.Collections.unmodifiableMap(documentFrequency);
    }

    public boolean containsWord(String word) {
        return documentFrequency.containsKey(word);
    }

    /** Whether the corpus names a person so (in a byline, after a title, or as HanLP reads a name). */
    public boolean isName(String word) {
        return names.contains(word);
    }

    /** A person named in the corpus whose name reads as this pinyin ("liudongmei"). */
    public String nameForPinyin(String pinyin) {
        return namesByPinyin.get(pinyin.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", ""));
    }

    /** 市, 省, 县, 区 spelled after a place ("nanping shi"). */
    private static final List<String> PLACE_SUFFIXES = List.of("shi", "sheng", "xian", "qu");

    /**
     * A place the corpus names whose name reads as this pinyin, with or without its 市, 省, 县
     * or 区 ("nanping", "Nan Ping", "nanpingshi" are 南屏 when the corpus names 南屏市); null
     * for a place the corpus does not name.
     */
    public String placeForPinyin(String pinyin) {
        return placesByPinyin.get(pinyin.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", ""));
    }

    /**
     * Pinyin with the confusions of fast typing and regional accents folded together: the
     * near-sound table at the level of sounds (zh/z, ch/c, sh/s, n/l, -ng/-n, f/h).
     */
    static String fuzzyPinyin(String text) {
        StringBuilder sb = new StringBuilder();
        for (Pinyin p : HanLP.convertToPinyinList(text)) {
            String s = p.getPinyinWithoutTone().toLowerCase(Locale.ROOT);
            s = s.replaceFirst("^zh", "z").replaceFirst("^ch", "c").replaceFirst("^sh", "s")
                    .replaceFirst("^l", "n").replaceFirst("^f", "h")
                    .replaceFirst("ng$", "n");
            sb.append(s).append('|');
        }
        return sb.toString();
    }
}
