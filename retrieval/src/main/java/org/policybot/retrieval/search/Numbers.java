package org.policybot.retrieval.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.policybot.retrieval.text.ChineseText;
import org.policybot.retrieval.text.DataFile;

/**
 * The numbers a question gives ("贷10万", "90多岁", "2024年"): a sentence that states the same
 * numbers is about the asker's case ("10万元及以下贷款…", "90至99周岁…"). A number with a unit
 * of {@code policybot/quantity-units.tsv} is a quantity: it matches a sentence that states a
 * quantity of the same kind whose range holds it ("90多岁" the clause "90至99周岁…", not
 * "80至89周岁…每月100元"), with the bounding words of {@code policybot/quantity-bounds.tsv}
 * ("以上", "不超过"). A number without a known unit matches a sentence that states it.
 */
public final class Numbers {

    /** A unit: its kind, and what one of it is in the kind's base unit. */
    record Unit(String word, String kind, double factor, String example) {
    }

    /** A bounding word: before the number or after the unit, and which bound it makes. */
    record Bound(String word, boolean before, boolean atLeast, String example) {
    }

    /**
     * A number a question gives.
     *
     * @param digits the number as written
     * @param kind   what its unit measures, or null without a known unit
     * @param low    its least value in the kind's base unit ("90多岁": 90)
     * @param high   its greatest value ("90多岁": just under 100)
     */
    public record Asked(String digits, String kind, double low, double high) {
    }

    /** A quantity a text states: its kind and the range it gives. */
    record Stated(String kind, double low, double high) {
    }

    private static final String NUMBER = "(?<![\\d.])(\\d+(?:\\.\\d+)?)";
    private static final Pattern PLAIN = Pattern.compile(NUMBER + "(?![\\d.])");
    static final List<Unit> UNITS = DataFile.rows("policybot/quantity-units.tsv", 4).stream()
            .map(r -> r.parse(c -> new Unit(ChineseText.fold(c[0]), c[1], Double.parseDouble(c[2]), c[3])))
            .toList();
    static final List<Bound> BOUNDS = DataFile.rows("policybot/quantity-bounds.tsv", 4).stream()
            .map(r -> r.parse(c -> new Bound(ChineseText.fold(c[0]), position(c[1]), bound(c[2]), c[3])))
            .sorted(Comparator.comparingInt((Bound b) -> -b.word().length())).toList();
    private static final Map<String, Unit> BY_WORD = UNITS.stream()
            .collect(Collectors.toMap(Unit::word, u -> u, (a, b) -> a, LinkedHashMap::new));
    private static final String UNIT_WORDS = UNITS.stream().map(Unit::word)
            .sorted(Comparator.comparingInt((String w) -> -w.length())).map(Pattern::quote).collect(Collectors.joining("|"));
    /** A number, "多"/"余"/"来" after it, and a unit ("90多岁", "10多万"). */
    private static final Pattern QUANTITY = Pattern.compile(NUMBER + "(多|余|来)?(" + UNIT_WORDS + ")");
    /** Two numbers of one unit with a dash or 至 between ("80至89周岁", "3%-5%"). */
    private static final Pattern RANGE = Pattern.compile(
            NUMBER + "(" + UNIT_WORDS + ")?(?:至|到|-|~|～|—|－)(\\d+(?:\\.\\d+)?)(" + UNIT_WORDS + ")");
    /** How far before a number a bounding word may stand ("最高可贷30万元"). */
    private static final int BEFORE_WINDOW = 4;

    private Numbers() {
    }

    /** The distinct numbers a folded question gives, with their units where known. */
    public static List<Asked> in(String folded) {
        String t = ChineseText.compact(folded);
        List<Asked> out = new ArrayList<>();
        Matcher q = QUANTITY.matcher(t);
        List<int[]> taken = new ArrayList<>();
        while (q.find()) {
            Unit unit = BY_WORD.get(q.group(3));
            double v = Double.parseDouble(q.group(1));
            double low = v;
            double high = v;
            if (q.group(2) != null) {
                double step = v >= 10 ? Math.pow(10, Math.floor(Math.log10(v))) : 1;
                if (q.group(2).equals("来")) {
                    low = v - step / 2;
                    high = v + step / 2;
                } else {
                    high = v + step * 0.999;
                }
            }
            add(out, new Asked(q.group(1), unit.kind(), low * unit.factor(), high * unit.factor()));
            taken.add(new int[] {q.start(), q.end()});
        }
        Matcher m = PLAIN.matcher(t);
        while (m.find()) {
            int at = m.start();
            if (taken.stream().noneMatch(r -> at >= r[0] && at < r[1])) {
                add(out, new Asked(m.group(1), null, Double.NaN, Double.NaN));
            }
        }
        return out;
    }

    /**
     * The share of the asked numbers the text states (0 when none is asked): a quantity counts
     * by how closely a quantity of its kind in the text bounds it ({@link #closeness}), a bare
     * number when the text has it.
     */
    public static double match(List<Asked> asked, String text) {
        if (asked.isEmpty()) {
            return 0;
        }
        String t = ChineseText.compact(ChineseText.fold(text));
        List<String> numbers = new ArrayList<>();
        Matcher m = PLAIN.matcher(t);
        while (m.find()) {
            numbers.add(m.group(1));
        }
        List<Stated> stated = asked.stream().anyMatch(a -> a.kind() != null) ? stated(t) : List.of();
        double found = 0;
        for (Asked a : asked) {
            found += a.kind() == null ? (numbers.contains(a.digits()) ? 1 : 0)
                    : stated.stream().mapToDouble(s -> closeness(a, s)).max().orElse(0);
        }
        return found / asked.size();
    }

    /**
     * How closely a stated quantity bounds an asked one: 0 when its range does not hold it, 1
     * for a figure or a closed range that does ("90至99周岁" for "90多岁"), and for an open
     * bound how near the bound is to the asked value ("年满80周岁" holds "满100岁" at 0.8, "100周岁
     * 及以上" at 1), so the rule for the asker's bracket beats the general condition.
     */
    static double closeness(Asked a, Stated s) {
        if (!s.kind().equals(a.kind()) || s.low() > a.high() || a.low() > s.high()) {
            return 0;
        }
        if (s.high() == Double.POSITIVE_INFINITY) {
            return a.low() <= 0 ? 1 : Math.min(1, Math.max(0, s.low()) / a.low());
        }
        if (s.low() == Double.NEGATIVE_INFINITY) {
            return s.high() <= 0 ? 1 : Math.min(1, Math.max(0, a.high()) / s.high());
        }
        return 1;
    }

    /** The quantities a compact folded text states, each with the range its words give it. */
    static List<Stated> stated(String t) {
        List<Stated> out = new ArrayList<>();
        StringBuilder rest = new StringBuilder(t);
        Matcher r = RANGE.matcher(t);
        while (r.find()) {
            Unit unit = BY_WORD.get(r.group(4));
            Unit first = r.group(2) == null ? unit : BY_WORD.get(r.group(2));
            if (first.kind().equals(unit.kind())) {
                double a = Double.parseDouble(r.group(1)) * first.factor();
                double b = Double.parseDouble(r.group(3)) * unit.factor();
                out.add(new Stated(unit.kind(), Math.min(a, b), Math.max(a, b)));
                for (int i = r.start(); i < r.end(); i++) {
                    rest.setCharAt(i, '□');
                }
            }
        }
        Matcher q = QUANTITY.matcher(rest);
        while (q.find()) {
            Unit unit = BY_WORD.get(q.group(3));
            double v = Double.parseDouble(q.group(1)) * unit.factor();
            Boolean atLeast = boundAfter(rest, q.end());
            if (atLeast == null) {
                atLeast = boundBefore(rest, q.start());
            }
            double low = atLeast == null || atLeast ? v : Double.NEGATIVE_INFINITY;
            double high = atLeast == null || !atLeast ? v : Double.POSITIVE_INFINITY;
            out.add(new Stated(unit.kind(), low, high));
        }
        return out;
    }

    private static Boolean boundAfter(CharSequence t, int end) {
        for (Bound b : BOUNDS) {
            if (!b.before() && startsWith(t, end, b.word())) {
                return b.atLeast();
            }
        }
        return null;
    }

    /** A bounding word in the few characters before the number, with no number or clause break between. */
    private static Boolean boundBefore(CharSequence t, int start) {
        int from = start;
        while (from > 0 && start - from < BEFORE_WINDOW && !breaks(t.charAt(from - 1))) {
            from--;
        }
        String window = t.subSequence(from, start).toString();
        int bestEnd = -1;
        Boolean best = null;
        for (Bound b : BOUNDS) {
            int at = b.before() ? window.lastIndexOf(b.word()) : -1;
            if (at >= 0 && at + b.word().length() > bestEnd) {
                bestEnd = at + b.word().length();
                best = b.atLeast();
            }
        }
        return best;
    }

    private static boolean breaks(char c) {
        return Character.isDigit(c) || c == '□' || "，。；：、,;:！？!?（）()".indexOf(c) >= 0;
    }

    private static boolean startsWith(CharSequence t, int at, String word) {
        return at + word.length() <= t.length() && t.subSequence(at, at + word.length()).toString().equals(word);
    }

    private static void add(List<Asked> out, Asked a) {
        if (out.stream().noneMatch(o -> o.digits().equals(a.digits()) && java.util.Objects.equals(o.kind(), a.kind()))) {
            out.add(a);
        }
    }

    private static boolean position(String s) {
        return switch (s) {
            case "before" -> true;
            case "after" -> false;
            default -> throw new IllegalArgumentException("position must be before or after, got " + s);
        };
    }

    private static boolean bound(String s) {
        return switch (s) {
            case "at-least" -> true;
            case "at-most" -> false;
            default -> throw new IllegalArgumentException("bound must be at-least or at-most, got " + s);
        };
    }
}
