package org.policybot.retrieval.text;

import com.hankcs.hanlp.seg.common.Term;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The words of time people use instead of a date, from data files in {@code policybot/}:
 * holiday names ({@code holidays.tsv}), national events ({@code events.tsv}) and the time
 * cues that show such a word is used as a time ({@code time-cues.tsv}). Finds where they
 * stand in a folded question; {@link QuestionDates#find(String, java.time.LocalDate)} turns
 * them into dates. Edit the files, not the code.
 */
final class DateWords {

    /** Where a holiday or event stands in the text: [start, end), the time cue after it included. */
    record Found<T>(int start, int end, T what) {
    }

    /** Which names a time cue confirms. */
    enum CueFor { HOLIDAY, EVENT, BOTH }

    record Cue(String word, CueFor after) {
        boolean confirms(CueFor kind) {
            return after == CueFor.BOTH || after == kind;
        }
    }

    /** Characters before a name that make it part of a number ("二十一", "第十一"). */
    private static final String NUMBER_CHARS = "零〇一二三四五六七八九十百千万两第0123456789";
    /** Word classes (HanLP natures, by prefix) that qualify a short form of an event right after them: places, names, numbers, measures. */
    private static final List<String> QUALIFIERS = List.of("ns", "nt", "nz", "nr", "nx", "m", "q");

    private static final DateWords BUNDLED = load();

    private final List<Holiday> holidays;
    private final List<NationalEvent> events;
    private final List<Cue> cues;

    DateWords(List<Holiday> holidays, List<NationalEvent> events, List<Cue> cues) {
        this.holidays = holidays.stream().sorted(Comparator.comparingInt((Holiday h) -> h.name().length()).reversed()).toList();
        this.events = events.stream().sorted(Comparator.comparingInt((NationalEvent e) -> e.phrase().length()).reversed()).toList();
        this.cues = cues.stream().sorted(Comparator.comparingInt((Cue c) -> c.word().length()).reversed()).toList();
    }

    /** The bundled lists, read once. */
    static DateWords bundled() {
        return BUNDLED;
    }

    List<Holiday> holidays() {
        return holidays;
    }

    List<NationalEvent> events() {
        return events;
    }

    List<Cue> cues() {
        return cues;
    }

    /**
     * Holiday names in the text, longest first at each place, without overlaps. A name that is
     * also a number counts only after no numeral and with a holiday cue after it or a name of
     * the same day beside it ("十一那天", "国庆十一"; not "十一月", "第十一条", "五一个人").
     */
    List<Found<Holiday>> holidaysIn(String text) {
        List<Found<Holiday>> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            Holiday h = holidayAt(text, i);
            if (h == null || h.needsCue() && !confirmed(text, i, h)) {
                i++;
                continue;
            }
            int end = i + h.name().length();
            out.add(new Found<>(i, end, h));
            i = end;
        }
        return out;
    }

    /**
     * Events used as a time ("非典那会儿", "奥运会的那年", "千禧年"), the cue included in the span.
     * A short form after a word that can qualify it names another event ("伦敦奥运会") and is
     * skipped.
     */
    List<Found<NationalEvent>> eventsIn(String text) {
        List<Found<NationalEvent>> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            NationalEvent e = eventAt(text, i);
            if (e == null || afterNumber(text, i) || e.isShortForm() && qualified(text, i)) {
                i++;
                continue;
            }
            int end = i + e.phrase().length();
            int cueEnd = e.isYearItself() ? end : cueEnd(text, end, CueFor.EVENT);
            if (cueEnd < 0) {
                i = end;
                continue;
            }
            out.add(new Found<>(i, cueEnd, e));
            i = cueEnd;
        }
        return out;
    }

    private Holiday holidayAt(String text, int at) {
        return holidays.stream().filter(h -> text.startsWith(h.name(), at)).findFirst().orElse(null);
    }

    private NationalEvent eventAt(String text, int at) {
        return events.stream().filter(e -> text.startsWith(e.phrase(), at)).findFirst().orElse(null);
    }

    private boolean confirmed(String text, int start, Holiday h) {
        if (afterNumber(text, start)) {
            return false;
        }
        int end = start + h.name().length();
        return cueEnd(text, end, CueFor.HOLIDAY) >= 0
                || holidays.stream().anyMatch(o -> o != h && o.rule().equals(h.rule())
                        && (text.startsWith(o.name(), end) || endsWithAt(text, o.name(), start)));
    }

    private static boolean endsWithAt(String text, String word, int end) {
        return end >= word.length() && text.startsWith(word, end - word.length());
    }

    private static boolean afterNumber(String text, int start) {
        return start > 0 && NUMBER_CHARS.indexOf(text.charAt(start - 1)) >= 0;
    }

    /** The end of a time cue of this kind right after {@code at} (a 的 may come first), or -1. */
    private int cueEnd(String text, int at, CueFor kind) {
        int from = text.startsWith("的", at) ? at + 1 : at;
        for (Cue c : cues) {
            if (c.confirms(kind) && text.startsWith(c.word(), from)) {
                return from + c.word().length();
            }
        }
        return -1;
    }

    /**
     * Whether the short form at {@code start} is qualified by the word before it, a place, a
     * name, a number or a measure ("伦敦奥运会", "索契冬奥会", "第30届奥运会"), or is no word of
     * its own but the end of a longer one.
     */
    private static boolean qualified(String text, int start) {
        if (start == 0) {
            return false;
        }
        for (Term t : Segmenter.segment(text)) {
            int end = t.offset + t.word.length();
            if (end == start) {
                String nature = t.nature == null ? "" : t.nature.toString();
                return QUALIFIERS.stream().anyMatch(nature::startsWith);
            }
            if (t.offset < start && start < end) {
                return true;
            }
        }
        return false;
    }

    private static DateWords load() {
        List<Holiday> holidays = new ArrayList<>();
        for (DataFile.Row r : DataFile.rows("policybot/holidays.tsv", 3)) {
            holidays.add(r.parse(c -> new Holiday(c[0], Holiday.Rule.parse(c[1]), switch (c[2]) {
                case "plain" -> false;
                case "cue" -> true;
                default -> throw new IllegalArgumentException("guard must be plain or cue: " + c[2]);
            })));
        }
        List<NationalEvent> events = new ArrayList<>();
        for (DataFile.Row r : DataFile.rows("policybot/events.tsv", 3)) {
            events.add(r.parse(c -> new NationalEvent(c[0], Integer.parseInt(c[1]), c[2])));
        }
        List<Cue> cues = new ArrayList<>();
        for (DataFile.Row r : DataFile.rows("policybot/time-cues.tsv", 2)) {
            cues.add(r.parse(c -> new Cue(c[0], CueFor.valueOf(c[1].toUpperCase(java.util.Locale.ROOT)))));
        }
        return new DateWords(holidays, events, cues);
    }
}
