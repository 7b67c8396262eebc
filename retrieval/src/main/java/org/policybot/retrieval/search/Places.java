package org.policybot.retrieval.search;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.seg.common.Term;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.policybot.retrieval.ingest.Article;
import org.policybot.retrieval.text.ChineseText;

/**
 * The places a corpus names (cities, provinces, counties), found the way its articles name
 * them: a two- or three-character name before 市, 省, 县 or 州 that the corpus uses at least
 * twice ("南屏市"), a place name HanLP knows ("焦作", "杭州"), or a region a document's
 * metadata declares. A question that names one of
 * them constrains the answer: a rule of 桐州 does not answer a question about 南屏.
 */
public final class Places {

    private static final Pattern BEFORE_SUFFIX = Pattern.compile("([\\u4e00-\\u9fff]{2,3}?)(市|省|县|州)");
    /**
     * Characters that end a word before 市 that is no place: "本市", "全市", "该市", "各省",
     * "城市" ("城" is kept out by requiring two characters before the suffix and these endings).
     */
    private static final String NOT_A_NAME_END = "本全该各每此两三四五六七八九十外省市县区城超门在到从向对为由去来和与及等个";
    private static final String NOT_A_NAME_START = "在到从向对为由去来和与及等的了是我你他她本全该各每此";

    /** The parts of a declared region: a name and its 省, 市, 县, 区 or 州. */
    private static final Pattern REGION_PART = Pattern.compile("([\\u4e00-\\u9fff]{2,8}?)(省|市|县|区|州|自治区)");

    private final Set<String> names;
    /** The shortest and longest name: a text is looked up by its substrings of these lengths. */
    private final int shortest;
    private final int longest;
    /** The first characters of the names: a text position starting with another character starts no name. */
    private final Set<Character> firsts;

    private Places(Set<String> names) {
        this.names = Set.copyOf(names);
        this.shortest = this.names.stream().mapToInt(String::length).min().orElse(1);
        this.longest = this.names.stream().mapToInt(String::length).max().orElse(0);
        this.firsts = this.names.stream().filter(n -> !n.isEmpty()).map(n -> n.charAt(0)).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /**
     * The names that occur in a folded text, found by looking its substrings up: the cost grows
     * with the text, not with the number of places (a corpus of thousands of documents names
     * thousands, and every candidate sentence of every answer is checked).
     */
    private List<String> occurring(String folded) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i + shortest <= folded.length(); i++) {
            if (!firsts.contains(folded.charAt(i))) {
                continue;
            }
            for (int len = shortest; len <= longest && i + len <= folded.length(); len++) {
                String s = folded.substring(i, i + len);
                if (names.contains(s) && !out.contains(s)) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /** A text's stems before a place suffix, and the place names HanLP tags in it (suffix stripped), in order. */
    private record Read(List<String> stems, List<String> tagged) {
    }

    private static Read read(String text) {
        String folded = ChineseText.compact(ChineseText.fold(text));
        List<String> stems = new ArrayList<>();
        Matcher m = BEFORE_SUFFIX.matcher(folded);
        while (m.find()) {
            String stem = m.group(1);
            if (NOT_A_NAME_END.indexOf(stem.charAt(stem.length() - 1)) < 0 && NOT_A_NAME_START.indexOf(stem.charAt(0)) < 0) {
                stems.add(stem);
            }
        }
        List<String> tagged = new ArrayList<>();
        for (Term t : HanLP.segment(folded)) {
            if (t.nature != null && t.nature.toString().startsWith("ns") && t.word.length() >= 2) {
                tagged.add(stripSuffix(t.word));
            }
        }
        return new Read(stems, tagged);
    }

    static Places of(Collection<Article> articles, Collection<String> texts) {
        Map<String, Integer> counts = new HashMap<>();
        Set<String> known = new LinkedHashSet<>();
        List<String> all = new ArrayList<>(texts);
        for (Article a : articles) {
            all.add(a.title() + " " + a.subtitle() + " " + a.byline() + " " + a.source() + " " + a.info().getOrDefault("region", ""));
        }
        // Segmented on every core, counted in order: the same places as on one thread.
        Vocabulary.inOrder(all, Places::read, read -> {
            read.stems().forEach(stem -> counts.merge(stem, 1, Integer::sum));
            known.addAll(read.tagged());
        });
        counts.forEach((stem, n) -> {
            if (n >= 2) {
                known.add(stem);
            }
        });
        // A region the metadata declares (a sidecar's region: "辛川市", "浙江省杭州市") is a place
        // whether or not the text names it twice or HanLP knows it.
        for (Article a : articles) {
            String region = ChineseText.compact(ChineseText.fold(a.info().getOrDefault("region", "")));
            Matcher m = REGION_PART.matcher(region);
            boolean any = false;
            while (m.find()) {
                known.add(m.group(1));
                any = true;
            }
            if (!any && !region.isEmpty()) {
                known.add(region);
            }
        }
        known.removeIf(p -> p.length() < 2);
        return new Places(known);
    }

    private static String stripSuffix(String place) {
        return place.length() > 2 && "市省县区州".indexOf(place.charAt(place.length() - 1)) >= 0
                ? place.substring(0, place.length() - 1) : place;
    }

    /** Every place name the corpus uses (without its 市, 省 or 县). */
    public Set<String> names() {
        return names;
    }

    /** The corpus's places a text names, longest first ("南屏" in "南屏医保在外地…"). */
    public List<String> in(String text) {
        String folded = ChineseText.compact(ChineseText.fold(text));
        List<String> out = new ArrayList<>();
        for (String p : occurring(folded)) {
            if (out.stream().noneMatch(o -> o.contains(p))) {
                out.removeIf(p::contains);
                out.add(p);
            }
        }
        out.sort((a, b) -> b.length() - a.length());
        return out;
    }

    /**
     * The places a question is about: those it names (also in pinyin or English), or for a follow-up that names none, those
     * of the latest earlier turn that names some.
     */
    public List<String> asked(UnderstoodQuery q) {
        List<String> own = named(q);
        if (!own.isEmpty() || !q.followUp()) {
            return own;
        }
        for (int i = q.context().size() - 1; i >= 0; i--) {
            List<String> earlier = q.context().get(i) == null ? List.of() : in(q.context().get(i));
            if (!earlier.isEmpty()) {
                return earlier;
            }
        }
        return List.of();
    }

    /** The places a question names: in its text, or typed in pinyin or English and read as a place. */
    private List<String> named(UnderstoodQuery q) {
        List<String> out = new ArrayList<>(in(q.normalized()));
        for (QueryTerm t : q.terms()) {
            if (t.source() == QueryTerm.Source.TRANSLATION && names.contains(t.text()) && !out.contains(t.text())) {
                out.add(t.text());
            }
        }
        return out;
    }

    /**
     * How the places a question names agree with a text (an article's title and the passage):
     * the share of them it names (0 when the question names none), and whether it names none of
     * them but another place.
     */
    public record Agreement(double match, boolean conflict) {
        public static final Agreement NONE = new Agreement(0, false);
    }

    public Agreement agreement(List<String> asked, String text) {
        if (asked.isEmpty()) {
            return Agreement.NONE;
        }
        String folded = ChineseText.compact(ChineseText.fold(text));
        long found = asked.stream().filter(folded::contains).count();
        boolean other = found == 0 && occurring(folded).stream().anyMatch(p -> !asked.contains(p));
        return new Agreement((double) found / asked.size(), other);
    }
}
