package org.policybot.bot.answer;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.policybot.retrieval.text.ChineseText;
import org.policybot.retrieval.text.QuestionDates;

/**
 * Reads the periods a rule is stated for ("2012年7月1日至2024年2月29日期间退役的",
 * "2012年7月1日前…", "2024年3月1日及以后…") and tells whether a date from a question
 * ("我13年退伍的", "2024年3月1日那天退的") falls inside. Bounds: "至/到" ranges include both
 * ends; "前/以前/之前" exclude the date, "及以前" includes it; "及以后/以后/起/以来" include
 * it, "后/之后" exclude it. A date given as a year or month covers all of it.
 */
public final class DateRangeReasoner {

    /** How a question's date relates to a stated period. */
    public enum Relation { INSIDE, PARTLY, OUTSIDE, NONE }

    /** A period stated in text: [from, to], either end open (null). */
    public record Period(LocalDate from, LocalDate to, String text) {
        Relation relate(LocalDate first, LocalDate last) {
            boolean startsBefore = from == null || !first.isBefore(from);
            boolean endsAfter = to == null || !last.isAfter(to);
            if (startsBefore && endsAfter) {
                return Relation.INSIDE;
            }
            boolean disjoint = (to != null && first.isAfter(to)) || (from != null && last.isBefore(from));
            return disjoint ? Relation.OUTSIDE : Relation.PARTLY;
        }
    }

    private static final String DATE = "(\\d{4})年(?:(\\d{1,2})月(?:(\\d{1,2})[日号])?)?";
    private static final Pattern RANGE = Pattern.compile(DATE + "(?:至|到|—|–|-|~|～|－)" + DATE);
    private static final Pattern BEFORE = Pattern.compile(DATE + "(及以前|以前|之前|前)");
    private static final Pattern AFTER = Pattern.compile(DATE + "(及以后|以后|之后|以来|起|后)");

    private DateRangeReasoner() {
    }

    /** The periods stated in a text, in order of appearance. */
    public static List<Period> periods(String text) {
        String t = ChineseText.compact(ChineseText.toHalfWidth(text));
        List<Period> out = new ArrayList<>();
        Matcher range = RANGE.matcher(t);
        List<int[]> taken = new ArrayList<>();
        while (range.find()) {
            LocalDate from = start(range.group(1), range.group(2), range.group(3));
            LocalDate to = end(range.group(4), range.group(5), range.group(6));
            if (from != null && to != null && !to.isBefore(from)) {
                out.add(new Period(from, to, range.group()));
                taken.add(new int[] {range.start(), range.end()});
            }
        }
        Matcher before = BEFORE.matcher(t);
        while (before.find()) {
            if (overlaps(taken, before.start())) {
                continue;
            }
            boolean inclusive = before.group(4).startsWith("及");
            LocalDate to = inclusive ? end(before.group(1), before.group(2), before.group(3))
                    : dayBefore(start(before.group(1), before.group(2), before.group(3)));
            if (to != null) {
                out.add(new Period(null, to, before.group()));
            }
        }
        Matcher after = AFTER.matcher(t);
        while (after.find()) {
            if (overlaps(taken, after.start())) {
                continue;
            }
            String word = after.group(4);
            boolean inclusive = !(word.equals("后") || word.equals("之后"));
            LocalDate from = inclusive ? start(after.group(1), after.group(2), after.group(3))
                    : dayAfter(end(after.group(1), after.group(2), after.group(3)));
            if (from != null) {
                out.add(new Period(from, null, after.group()));
            }
        }
        return out;
    }

    /** The best relation between any of the question's dates and any period in the text. */
    public static Relation relate(List<QuestionDates.Mention> questionDates, String text) {
        return relate(questionDates, "", text);
    }

    /**
     * The best relation between the question's dates and the periods in the text. When the
     * question dates several events ("08年当兵14年退的") and a period is about one of them
     * ("…期间退役的"), only the dates of that event count: the event is what follows a date,
     * and a date's event shares a character with the period's ("退的" and "退役").
     *
     * @param question the text the dates were found in (their events are read there)
     */
    public static Relation relate(List<QuestionDates.Mention> questionDates, String question, String text) {
        if (questionDates.isEmpty()) {
            return Relation.NONE;
        }
        List<Period> periods = periods(text);
        if (periods.isEmpty()) {
            return Relation.NONE;
        }
        String compactText = ChineseText.compact(ChineseText.toHalfWidth(text));
        String compactQuestion = ChineseText.compact(question);
        Relation best = Relation.OUTSIDE;
        for (Period p : periods) {
            String periodEvent = eventAfter(compactText, p.text());
            List<QuestionDates.Mention> bound = questionDates.stream()
                    .filter(m -> sharesAChar(eventAfter(compactQuestion, ChineseText.compact(m.text())), periodEvent)).toList();
            for (QuestionDates.Mention m : bound.isEmpty() ? questionDates : bound) {
                Relation r = p.relate(m.first(), m.last());
                if (r.ordinal() < best.ordinal()) {
                    best = r;
                }
            }
        }
        return best;
    }

    /** Characters that say nothing about which event a date is of. */
    private static final String NOT_AN_EVENT = "的了在是时那天起前后以及至到期间这年月日号就才已经和或与";

    /** The three characters after a span in a text, without those that name no event ("退的" → "退"). */
    private static String eventAfter(String text, String span) {
        int at = span.isEmpty() ? -1 : text.indexOf(span);
        if (at < 0) {
            return "";
        }
        String after = text.substring(at + span.length(), Math.min(text.length(), at + span.length() + 3));
        StringBuilder sb = new StringBuilder();
        for (char c : after.toCharArray()) {
            if (!ChineseText.isCjk(c)) {
                break;
            }
            if (NOT_AN_EVENT.indexOf(c) < 0) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean sharesAChar(String a, String b) {
        for (char c : a.toCharArray()) {
            if (b.indexOf(c) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean overlaps(List<int[]> taken, int position) {
        return taken.stream().anyMatch(r -> position >= r[0] && position < r[1]);
    }

    private static LocalDate start(String y, String m, String d) {
        try {
            return LocalDate.of(Integer.parseInt(y), m == null ? 1 : Integer.parseInt(m), d == null ? 1 : Integer.parseInt(d));
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    private static LocalDate end(String y, String m, String d) {
        try {
            int year = Integer.parseInt(y);
            if (m == null) {
                return LocalDate.of(year, 12, 31);
            }
            LocalDate first = LocalDate.of(year, Integer.parseInt(m), 1);
            return d == null ? first.withDayOfMonth(first.lengthOfMonth()) : first.withDayOfMonth(Integer.parseInt(d));
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    private static LocalDate dayBefore(LocalDate d) {
        return d == null ? null : d.minusDays(1);
    }

    private static LocalDate dayAfter(LocalDate d) {
        return d == null ? null : d.plusDays(1);
    }
}
