package org.policybot.retrieval.text;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates as people type them in chat: "98年", "13年退伍", "2024年2月29号", "24年3月1日那天",
 * "2019.5.1". Two-digit years are expanded (00–40 to 20xx, else 19xx). A mention without
 * month or day is a whole year or month, kept as a range.
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

    private QuestionDates() {
    }

    /** Expands a two-digit year: 00–40 are 20xx, 41–99 are 19xx. */
    public static int expandYear(int yy) {
        if (yy >= 100) {
            return yy;
        }
        return yy <= 40 ? 2000 + yy : 1900 + yy;
    }

    /** Rewrites two-digit years followed by 年 as four digits ("98年" becomes "1998年"). */
    public static String expandTwoDigitYears(String text) {
        Matcher m = Pattern.compile("(?<![\\d.])(\\d{2})(\\s*年)").matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, expandYear(Integer.parseInt(m.group(1))) + m.group(2).replace("$", "\\$"));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    public static List<Mention> find(String text) {
        List<Mention> out = new ArrayList<>();
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
            int year = expandYear(Integer.parseInt(m.group(1)));
            if (year < 1900 || year > 2100) {
                continue;
            }
            try {
                if (m.group(2) == null) {
                    out.add(new Mention(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31), raw));
                } else if (m.group(3) == null) {
                    LocalDate first = LocalDate.of(year, Integer.parseInt(m.group(2)), 1);
                    out.add(new Mention(first, first.withDayOfMonth(first.lengthOfMonth()), raw));
                } else {
                    LocalDate d = LocalDate.of(year, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
                    out.add(new Mention(d, d, raw));
                }
            } catch (DateTimeException e) {
                // "2月30号" is not a date: ignore it.
            }
        }
        return out;
    }
}
