package org.policybot.retrieval.text;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates as people type them in chat: "98年", "13年退伍", "2024年2月29号", "24年3月1日那天",
 * "2019.5.1", "零八年", "二〇一四年"; in questions also holidays, events and relative years
 * ("2024年清明节那天", "奥运会那年", "去年国庆": {@link #find(String, LocalDate)}). Years in
 * Chinese numerals become digits; two-digit years are expanded (00–40 to 20xx, else 19xx).
 * A mention without month or day is a whole year or month, kept as a range. A two-digit
 * number of years that reads as a length of time ("缴费满15年", "交了10年", "工作30年以上") is
 * not a year, unless a year comes right before its verb ("08年当兵14年退的" names two years).
 * "今年", "去年", "前年" are years relative to an anchor day, today or an article's date
 * ({@link #relativeYears}).
 */
public final class QuestionDates {

    /** A date or a span the question mentions: [first, last] inclusive. */
    public record Mention(LocalDate first, LocalDate last, String text) {
        public boolean isDay() {
            return first.equals(last);
        }
    }

    private static final Pattern DATE = Pattern.compile(
            "(?<![\\d.])(\\d{4}|\\d{2})\\s*(?:年|[.\\-/])\\s*(?:(\\d{1,2})\\s*(?:月|[.\\-/])\\s*(?:(\\d{1,2})\\s*(?:日|号)?)?)?");

    /** Words before "NN年" that make it a length of time: "满15年", "交了10年", "服役12年". */
    private static final Pattern DURATION_BEFORE = Pattern.compile(
            "(满|了|共|近|连续|累计|总共|一共|将近|超过|不满|不足|不到|至少|最少|为期|长达|每|第|工作|服役|当兵|缴费|交|缴|干|当)\\s*$");
    /** Words after "NN年" that make it a length of time: "15年以上", "10年多", "20年工龄" ("26年了" may be this year). */
    private static final Pattern DURATION_AFTER = Pattern.compile(
            "^\\s*(以上|以下|以内|之内|之久|多|来|左右|半|整|的工龄|工龄|军龄|教龄|缴费|的缴费|期间|内|间)");

    /** A year and a verb right before "NN年": "08年当兵14年退的" names two years, not a length of service. */
    private static final Pattern YEAR_THEN_VERB = Pattern.compile("\\d{2,4}\\s*年\\s*(当兵|服役|工作|入伍|参军|参加工作|上班)\\s*$");

    /** Years in Chinese numerals: "零八年", "一四年", "二〇一四年", "一九九八年" (not "十年", "三四年"). */
    private static final Pattern CHINESE_YEAR = Pattern.compile(
            "(?<![一二三四五六七八九十零〇两百千万几])([零〇一二三四五六七八九]{4}|[零〇一二三四五六七八九]{2})(?=\\s*年)");
    private static final String CHINESE_DIGITS = "零一二三四五六七八九";

    private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");
    /** "March 2024", "mar 1, 2024", "1 March 2024" in an English question (lower-cased by folding). */
    private static final Pattern ENGLISH_DATE = Pattern.compile(
            "(?:\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+)?\\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?\\s+(?:(\\d{1,2})(?:st|nd|rd|th)?,?\\s+)?(\\d{4})\\b");

    private static final Pattern TWO_DIGIT_YEAR = Pattern.compile("(?<![\\d.])(\\d{2})(\\s*年)");

    /** Years named relative to an anchor day; {@link #yearsBack} says how far. */
    private static final String RELATIVE_YEAR_WORDS = "大前年|前年|去年|今年|明年";
    private static final Pattern RELATIVE_YEAR = Pattern.compile(RELATIVE_YEAR_WORDS);

    private QuestionDates() {
    }

    /** Whether the two-digit "NN年" at [start, end) of the text is a length of time rather than a year. */
    static boolean isDuration(String text, int start, int end) {
        if (YEAR_THEN_VERB.matcher(text.substring(Math.max(0, start - 10), start)).find()) {
            return false;
        }
        return DURATION_BEFORE.matcher(text.substring(Math.max(0, start - 4), start)).find()
                || DURATION_AFTER.matcher(text.substring(end, Math.min(text.length(), end + 4))).find();
    }

    /** Writes English dates the Chinese way: "march 2024" is "2024年3月", "1 march 2024" is "2024年3月1日". */
    public static String englishDatesToChinese(String text) {
        Matcher m = ENGLISH_DATE.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String day = m.group(1) != null ? m.group(1) : m.group(3);
            String date = m.group(4) + "年" + (MONTHS.indexOf(m.group(2)) + 1) + "月" + (day == null ? "" : day + "日");
            m.appendReplacement(sb, Matcher.quoteReplacement(date));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /**
     * Writes years in Chinese numerals as digits: "零八年" is "08年", "二〇一四年" is "2014年".
     * Two neighbouring numbers ("三四年", "七八年") read as "three or four years" and stay.
     */
    public static String chineseYearsToDigits(String text) {
        Matcher m = CHINESE_YEAR.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String digits = m.group(1).replace('〇', '零').chars()
                    .mapToObj(c -> String.valueOf(CHINESE_DIGITS.indexOf(c))).reduce("", String::concat);
            boolean approximate = digits.length() == 2 && digits.charAt(1) - digits.charAt(0) == 1 && digits.charAt(0) != '0';
            m.appendReplacement(sb, Matcher.quoteReplacement(approximate ? m.group() : digits));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /**
     * Whole years named relative to an anchor day ("去年退役的" asked in 2026 is 2025); empty
     * when the text names none. Kept apart from {@link #find(String)}: in an article, "去年"
     * means the year before the article, so pass the article's date as {@code anchor} for the
     * article's own events and today for the asker's.
     */
    public static List<Mention> relativeYears(String text, LocalDate anchor) {
        return relativeYearsPlaced(text, anchor).stream().map(Placed::mention).toList();
    }

    private static List<Placed> relativeYearsPlaced(String text, LocalDate anchor) {
        List<Placed> out = new ArrayList<>();
        Matcher m = RELATIVE_YEAR.matcher(text);
        while (m.find()) {
            int year = anchor.getYear() - yearsBack(m.group());
            out.add(new Placed(m.start(), new Mention(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31), m.group())));
        }
        return out;
    }

    /** How many years before the anchor a relative year word points (明年: -1). */
    private static int yearsBack(String word) {
        return switch (word) {
            case "大前年" -> 3;
            case "前年" -> 2;
            case "去年" -> 1;
            case "明年" -> -1;
            default -> 0;
        };
    }

    /** Expands a two-digit year: 00–40 are 20xx, 41–99 are 19xx. */
    public static int expandYear(int yy) {
        if (yy >= 100) {
            return yy;
        }
        return yy <= 40 ? 2000 + yy : 1900 + yy;
    }

    /** Rewrites two-digit years followed by 年 as four digits ("98年" becomes "1998年"); durations stay. */
    public static String expandTwoDigitYears(String text) {
        text = chineseYearsToDigits(text);
        Matcher m = TWO_DIGIT_YEAR.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String replacement = isDuration(text, m.start(), m.end()) ? m.group()
                    : expandYear(Integer.parseInt(m.group(1))) + m.group(2);
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /**
     * Dates written with digits in the text: "2013年", "2024年2月", "2024年2月29号", "2019.5.1".
     * Works on any text, an article's sentences too: relative years, holidays and events are
     * left to {@link #find(String, LocalDate)}. Expects years already expanded
     * ({@link #expandTwoDigitYears}).
     */
    public static List<Mention> find(String text) {
        return numericDates(text).stream().map(Placed::mention).toList();
    }

    /**
     * Every date a citizen's question names, in the order written: dates in digits
     * ({@link #find(String)}), a holiday with its year ("2024年清明节", "24年中秋", "去年国庆":
     * one day), an event used as a time ("零八年奥运会那年", "非典那会儿": its whole year), and
     * years relative to {@code anchor} ("去年": a whole year; see {@link #relativeYears}). A
     * holiday with no year right before it ("春节期间") gives nothing. The text is folded and its
     * years expanded here; a mention's text is the span in that folded text ("2024年清明节").
     * The words come from {@code policybot/holidays.tsv}, {@code events.tsv} and
     * {@code time-cues.tsv}.
     *
     * @param anchor the day relative years count from: today for the asker's own events, an
     *               article's date for events the article tells of
     */
    public static List<Mention> find(String text, LocalDate anchor) {
        String t = expandTwoDigitYears(ChineseText.fold(text));
        DateWords words = DateWords.bundled();
        List<Placed> out = new ArrayList<>();
        boolean[] used = new boolean[t.length() + 1];
        for (DateWords.Found<Holiday> h : words.holidaysIn(t)) {
            Placed year = yearRightBefore(t, h.start(), anchor);
            if (year == null) {
                continue;
            }
            h.what().in(year.mention().first().getYear()).ifPresent(day -> {
                out.add(new Placed(year.at(), new Mention(day, day, t.substring(year.at(), h.end()))));
                Arrays.fill(used, year.at(), h.end(), true);
            });
        }
        for (DateWords.Found<NationalEvent> e : words.eventsIn(t)) {
            if (yearRightBefore(t, e.start(), anchor) == null) {
                int year = e.what().year();
                out.add(new Placed(e.start(), new Mention(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31),
                        t.substring(e.start(), e.end()))));
            }
        }
        for (Placed p : relativeYearsPlaced(t, anchor)) {
            if (!used[p.at()]) {
                out.add(p);
            }
        }
        for (Placed p : numericDates(t)) {
            if (!used[p.at()]) {
                out.add(p);
            }
        }
        out.sort(Comparator.comparingInt(Placed::at));
        return out.stream().map(Placed::mention).toList();
    }

    /** A mention and where it starts in the text. */
    private record Placed(int at, Mention mention) {
    }

    /** A year written right before {@code end}: "2024年", "2024", "去年", with a 的 or spaces after it. */
    private static final Pattern YEAR_RIGHT_BEFORE = Pattern.compile(
            "(?:(?<!\\d)(\\d{4})\\s*年?|(" + RELATIVE_YEAR_WORDS + "))\\s*的?\\s*$");

    private static Placed yearRightBefore(String text, int end, LocalDate anchor) {
        Matcher m = YEAR_RIGHT_BEFORE.matcher(text.substring(0, end));
        if (!m.find()) {
            return null;
        }
        int year = m.group(1) != null ? Integer.parseInt(m.group(1)) : anchor.getYear() - yearsBack(m.group(2));
        if (year < 1900 || year > 2100) {
            return null;
        }
        return new Placed(m.start(), new Mention(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31), m.group()));
    }

    private static List<Placed> numericDates(String text) {
        List<Placed> out = new ArrayList<>();
        Matcher m = DATE.matcher(text);
        while (m.find()) {
            String raw = m.group();
            boolean hasYearWord = raw.contains("年");
            if (!hasYearWord && m.group(2) == null) {
                continue;
            }
            if (m.group(1).length() == 2 && !hasYearWord && m.group(3) == null) {
                continue;
            }
            if (m.group(1).length() == 2 && m.group(2) == null && isDuration(text, m.start(), m.end())) {
                continue;
            }
            int year = expandYear(Integer.parseInt(m.group(1)));
            if (year < 1900 || year > 2100) {
                continue;
            }
            try {
                if (m.group(2) == null) {
                    out.add(new Placed(m.start(), new Mention(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31), raw)));
                } else if (m.group(3) == null) {
                    LocalDate first = LocalDate.of(year, Integer.parseInt(m.group(2)), 1);
                    out.add(new Placed(m.start(), new Mention(first, first.withDayOfMonth(first.lengthOfMonth()), raw)));
                } else {
                    LocalDate d = LocalDate.of(year, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
                    out.add(new Placed(m.start(), new Mention(d, d, raw)));
                }
            } catch (DateTimeException e) {
                // "2月30号" is not a date: ignore it.
            }
        }
        return out;
    }
}
