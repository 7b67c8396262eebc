package org.policybot.retrieval.ingest;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds dates in article text: full dates ("2025年12月8日", "2025 年 12 月 19 日"), and the
 * year of a month-day dateline ("新华社北京12月2日电"), which is inferred from the years the
 * text itself mentions.
 */
final class DateFinder {

    private static final Pattern FULL_DATE = Pattern.compile("((?:19|20)\\d{2})\\s*年\\s*(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*日");
    /** A year followed by 年, or written straight before a Chinese word ("2025世界智能制造大会"). */
    private static final Pattern YEAR = Pattern.compile("(?<![\\d.])((?:19|20)\\d{2})(?=\\s*年|[\\u4e00-\\u9fff])");
    private static final Pattern CHINESE_YEAR = Pattern.compile("([〇零一二三四五六七八九]{4})年");
    private static final String CHINESE_DIGITS = "〇一二三四五六七八九";

    private DateFinder() {
    }

    static Optional<LocalDate> firstFullDate(String text) {
        Matcher m = FULL_DATE.matcher(text);
        while (m.find()) {
            Optional<LocalDate> d = date(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            if (d.isPresent()) {
                return d;
            }
        }
        return Optional.empty();
    }

    static Optional<LocalDate> latestFullDate(String text) {
        Matcher m = FULL_DATE.matcher(text);
        LocalDate latest = null;
        while (m.find()) {
            Optional<LocalDate> d = date(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            if (d.isPresent() && (latest == null || d.get().isAfter(latest))) {
                latest = d.get();
            }
        }
        return Optional.ofNullable(latest);
    }

    /** The latest year the text mentions as a past or present fact (targets "到2030年" are skipped). */
    static OptionalInt latestYear(String text) {
        int best = -1;
        Matcher m = YEAR.matcher(text);
        while (m.find()) {
            if (isTarget(text, m.start())) {
                continue;
            }
            best = Math.max(best, Integer.parseInt(m.group(1)));
        }
        Matcher c = CHINESE_YEAR.matcher(text);
        while (c.find()) {
            StringBuilder digits = new StringBuilder();
            for (char ch : c.group(1).toCharArray()) {
                digits.append(ch == '零' ? 0 : CHINESE_DIGITS.indexOf(ch));
            }
            int year = Integer.parseInt(digits.toString());
            if (year >= 1900 && year < 2100) {
                best = Math.max(best, year);
            }
        }
        return best < 0 ? OptionalInt.empty() : OptionalInt.of(best);
    }

    private static boolean isTarget(String text, int start) {
        int i = start - 1;
        while (i >= 0 && Character.isWhitespace(text.charAt(i))) {
            i--;
        }
        return i >= 0 && (text.charAt(i) == '到' || text.charAt(i) == '至');
    }

    /**
     * Date of a month-day dateline: the year is the latest one the article (or else the
     * file) mentions, moved one on if that would put the dateline before a full date the
     * article reports.
     */
    static Optional<LocalDate> datelineDate(int month, int day, String articleText, String fileText) {
        OptionalInt year = latestYear(fileText);
        if (year.isEmpty()) {
            year = latestYear(articleText);
        }
        if (year.isEmpty()) {
            return Optional.empty();
        }
        Optional<LocalDate> candidate = date(year.getAsInt(), month, day);
        Optional<LocalDate> reported = latestFullDate(articleText);
        if (candidate.isPresent() && reported.isPresent() && candidate.get().isBefore(reported.get())
                && reported.get().getYear() == year.getAsInt()) {
            candidate = date(year.getAsInt() + 1, month, day);
        }
        return candidate;
    }

    private static final Pattern LEADING_MONTH_DAY = Pattern.compile("^\\s*(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*日[，,]");
    private static final Pattern LEADING_CHINESE_MONTH_DAY = Pattern.compile("^\\s*([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日[，,]");
    private static final Pattern PHOTO_TAKEN = Pattern.compile("[（(]\\s*(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*日\\s*摄\\s*[）)]");

    /**
     * Month and day of a photo story, which has no dateline: the caption opens with the
     * date ("2月15日,…", "四月一日，…") or says when the photo was taken ("（2月14日摄）").
     */
    static int[] photoDate(String firstParagraph) {
        Matcher m = LEADING_MONTH_DAY.matcher(firstParagraph);
        if (m.find()) {
            return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
        }
        Matcher c = LEADING_CHINESE_MONTH_DAY.matcher(firstParagraph);
        if (c.find()) {
            int month = chineseNumber(c.group(1));
            int day = chineseNumber(c.group(2));
            return month > 0 && day > 0 ? new int[] {month, day} : null;
        }
        Matcher p = PHOTO_TAKEN.matcher(firstParagraph);
        if (p.find()) {
            return new int[] {Integer.parseInt(p.group(1)), Integer.parseInt(p.group(2))};
        }
        return null;
    }

    /** 1 to 99 in Chinese numerals ("十二", "二十一", "三十"); 0 when not a number. */
    static int chineseNumber(String s) {
        String digits = "一二三四五六七八九";
        int ten = s.indexOf('十');
        if (ten < 0) {
            return s.length() == 1 ? digits.indexOf(s.charAt(0)) + 1 : 0;
        }
        int tens = ten == 0 ? 1 : digits.indexOf(s.charAt(0)) + 1;
        int units = ten == s.length() - 1 ? 0 : digits.indexOf(s.charAt(ten + 1)) + 1;
        return tens * 10 + units;
    }

    static Optional<LocalDate> date(int y, int m, int d) {
        try {
            return Optional.of(LocalDate.of(y, m, d));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
