package org.policybot.retrieval.text;

import com.nlf.calendar.Lunar;
import com.nlf.calendar.Solar;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A holiday name people date things by ("清明节", "国庆", "十一") and the rule that gives its
 * day in a year: a fixed Gregorian day, a lunar-calendar day, or a solar term. One row of
 * {@code policybot/holidays.tsv}.
 *
 * @param needsCue the name is also a number ("十一", "五一"), so it is a holiday only with a
 *                 time cue after it or another name of the same day beside it
 */
record Holiday(String name, Rule rule, boolean needsCue) {

    private static final Pattern RULE_SYNTAX = Pattern.compile("(fixed|lunar) (\\d{2})-(\\d{2})(?: ([+-]\\d+))?|term (\\S+)");

    Holiday {
        if (name.isBlank()) {
            throw new IllegalArgumentException("a holiday needs a name");
        }
    }

    /** The holiday's day in a Gregorian year; empty when it has none (闰日 in 2023). */
    Optional<LocalDate> in(int year) {
        return rule.in(year);
    }

    /** How a holiday's day is found in a year. */
    sealed interface Rule permits Fixed, LunarDay, SolarTerm {

        Optional<LocalDate> in(int year);

        /** Reads "fixed 10-01", "lunar 08-15", "lunar 01-01 -1" or "term 清明". */
        static Rule parse(String text) {
            Matcher m = RULE_SYNTAX.matcher(text.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException("not a holiday rule: " + text);
            }
            if (m.group(5) != null) {
                return new SolarTerm(m.group(5));
            }
            int month = Integer.parseInt(m.group(2));
            int day = Integer.parseInt(m.group(3));
            if (m.group(1).equals("fixed")) {
                if (m.group(4) != null) {
                    throw new IllegalArgumentException("a fixed day takes no shift: " + text);
                }
                return new Fixed(month, day);
            }
            return new LunarDay(month, day, m.group(4) == null ? 0 : Integer.parseInt(m.group(4)));
        }
    }

    /** The same Gregorian month and day every year. */
    record Fixed(int month, int day) implements Rule {
        Fixed {
            LocalDate.of(2024, month, day);
        }

        @Override
        public Optional<LocalDate> in(int year) {
            try {
                return Optional.of(LocalDate.of(year, month, day));
            } catch (DateTimeException e) {
                return Optional.empty();
            }
        }
    }

    /**
     * A day of a regular (not leap) lunar month, moved {@code shift} days; in a Gregorian year
     * it is the occurrence that falls in that year, so "2024年腊八" is lunar 2023-12-08 and
     * "2024年除夕" the day before lunar 2024-01-01.
     */
    record LunarDay(int month, int day, int shift) implements Rule {
        LunarDay {
            if (month < 1 || month > 12 || day < 1 || day > 30) {
                throw new IllegalArgumentException("no lunar day " + month + "-" + day);
            }
        }

        @Override
        public Optional<LocalDate> in(int year) {
            for (int lunarYear = year - 1; lunarYear <= year; lunarYear++) {
                LocalDate d = toLocalDate(Lunar.fromYmd(lunarYear, month, day).getSolar()).plusDays(shift);
                if (d.getYear() == year) {
                    return Optional.of(d);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * The day of a solar term (节气) in China Standard Time. The library's table for a lunar
     * year runs from the 大雪 before it to the 惊蛰 after it, and under a term's Chinese name
     * holds its first occurrence there (冬至 of the year before); the tables of Y and Y+1
     * together hold every term of Gregorian year Y.
     */
    record SolarTerm(String term) implements Rule {
        @Override
        public Optional<LocalDate> in(int year) {
            for (int lunarYear = year; lunarYear <= year + 1; lunarYear++) {
                Solar s = Lunar.fromYmd(lunarYear, 6, 1).getJieQiTable().get(term);
                if (s != null && s.getYear() == year) {
                    return Optional.of(toLocalDate(s));
                }
            }
            return Optional.empty();
        }
    }

    private static LocalDate toLocalDate(Solar s) {
        return LocalDate.of(s.getYear(), s.getMonth(), s.getDay());
    }
}
