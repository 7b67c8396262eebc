package org.policybot.bot.privacy;

import java.util.ArrayList;
import java.util.List;

/**
 * Hides a citizen's personal numbers before text is logged, stored or sent to a model:
 * mainland mobile numbers (with or without +86 / 0086, grouped by spaces or hyphens),
 * ID-card numbers (18 characters, the last may be X; the old 15 digits), and bank-card
 * numbers (16 to 19 digits). Full-width digits count as digits, and a number glued to
 * letters ("ID410801…") is still found.
 *
 * <p>Each masked digit becomes "*"; the rest of the text, separators included, is kept, so
 * the text keeps its length (Telegram's entity offsets stay valid) and masking twice
 * changes nothing. What stays visible: a mobile number's first 3 and last 4 digits, an ID
 * number's first 6 (the region, which questions are often about) and last 4, a bank card's
 * first and last 4.
 *
 * <p>What is not masked: dates (2024年3月1日, 20240301), amounts (15000元), document numbers
 * (人社部发〔2024〕12号), hotlines (12333) and landlines ((0391)5412333, 0391-5412333). A
 * landline stays: questions and articles are full of office numbers, which are what the
 * user asks about, and a landline alone does not name a citizen the way an ID or a mobile
 * number does. A digit run longer than 19 is not one of these numbers and stays too.
 *
 * <p>NOTE: digits split by separators ("410801 19900101 1234") could be unrelated numbers
 * written side by side, so a split ID number must hold a plausible birth date and a split
 * bank card must be in groups of four and start with 62 (UnionPay) or pass the Luhn check;
 * an unbroken run of the right length is masked without such checks.
 */
public final class Masking {

    /** How many separator characters may stand between two groups of digits ("135  0000 4444"). */
    private static final int MAX_SEPARATORS = 3;
    private static final int MAX_DIGITS = 19;

    private enum Kind { MOBILE, ID18, ID15, BANK }

    /** A run of digits in the text; {@code x} when an ID number's final X follows it. */
    private record Group(int start, int end, String digits, boolean x) {
    }

    /** What to keep of a matched number: its characters before {@code head} and the last {@code tail}. */
    private record Keep(int head, int tail) {
    }

    /** Groups that make one personal number, and what to keep of it. */
    private record Match(List<Group> groups, Keep keep) {
    }

    private Masking() {
    }

    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        char[] out = null;
        for (List<Group> run : runs(text)) {
            boolean[] done = new boolean[run.size()];
            // Whole groups first, so "13900001111 1234" is a mobile number and a 1234, not one long number.
            for (int i = 0; i < run.size(); i++) {
                Match m = match(run.subList(i, i + 1), false);
                if (m != null) {
                    out = apply(text, out, m);
                    done[i] = true;
                }
            }
            for (int i = 0; i < run.size(); i++) {
                for (int j = run.size() - 1; j > i && !done[i]; j--) {
                    Match m = anyDone(done, i, j) ? null : match(run.subList(i, j + 1), true);
                    if (m != null) {
                        out = apply(text, out, m);
                        java.util.Arrays.fill(done, i, j + 1, true);
                    }
                }
            }
        }
        return out == null ? text : new String(out);
    }

    /** An opaque identifier (chat id, OpenID) shortened for logs: first and last characters only. */
    public static String maskId(String id) {
        if (id == null || id.length() <= 4) {
            return "***";
        }
        return id.substring(0, 2) + "***" + id.substring(id.length() - 2);
    }

    /** Groups of digits that stand next to each other, separated only by spaces or hyphens. */
    private static List<List<Group>> runs(String text) {
        List<List<Group>> runs = new ArrayList<>();
        List<Group> run = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            if (digit(text.charAt(i)) < 0) {
                i++;
                continue;
            }
            int start = i;
            StringBuilder digits = new StringBuilder();
            while (i < text.length() && digit(text.charAt(i)) >= 0) {
                digits.append((char) ('0' + digit(text.charAt(i))));
                i++;
            }
            boolean x = i < text.length() && isX(text.charAt(i));
            Group g = new Group(start, x ? i + 1 : i, digits.toString(), x);
            if (x) {
                i++;
            }
            if (!run.isEmpty() && !onlySeparators(text, run.get(run.size() - 1), g)) {
                runs.add(run);
                run = new ArrayList<>();
            }
            run.add(g);
        }
        if (!run.isEmpty()) {
            runs.add(run);
        }
        return runs;
    }

    private static boolean onlySeparators(String text, Group before, Group after) {
        int gap = after.start() - before.end();
        if (before.x() || gap < 1 || gap > MAX_SEPARATORS) {
            return false;
        }
        for (int k = before.end(); k < after.start(); k++) {
            if (!separator(text.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The personal number these groups make and what to keep of it, or null when they make none.
     *
     * @param split whether the groups stand apart (then the stricter checks apply)
     */
    private static Match match(List<Group> groups, boolean split) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < groups.size(); k++) {
            if (groups.get(k).x() && k < groups.size() - 1) {
                return null;
            }
            sb.append(groups.get(k).digits());
        }
        String d = sb.toString();
        Group last = groups.get(groups.size() - 1);
        if (!last.x()) {
            Keep keep = keep(d, groups, split);
            return keep == null ? null : new Match(groups, keep);
        }
        if (d.length() == 17) {
            return new Match(groups, new Keep(6, 4));
        }
        // An X that does not end an ID number is a letter after the digits, judged without it.
        List<Group> without = new ArrayList<>(groups.subList(0, groups.size() - 1));
        without.add(new Group(last.start(), last.end() - 1, last.digits(), false));
        Keep keep = keep(d, without, split);
        return keep == null ? null : new Match(without, keep);
    }

    private static Keep keep(String d, List<Group> groups, boolean split) {
        if (d.length() > MAX_DIGITS) {
            return null;
        }
        int country = d.length() == 15 && d.startsWith("0086") ? 4 : d.length() == 13 && d.startsWith("86") ? 2 : 0;
        if (mobile(d.substring(country))) {
            return new Keep(country + 3, 4);
        }
        if (d.length() == 18 && (!split || birthDate(d.substring(6, 14)) || idChecksum(d))) {
            return new Keep(6, 4);
        }
        if (d.length() == 15 && (!split || birthDate("19" + d.substring(6, 12)))) {
            return new Keep(6, 3);
        }
        if (d.length() >= 16 && (!split || inFours(groups) && (d.startsWith("62") || luhn(d)))) {
            return new Keep(4, 4);
        }
        return null;
    }

    private static boolean mobile(String d) {
        return d.length() == 11 && d.charAt(0) == '1' && d.charAt(1) >= '3';
    }

    /** YYYYMMDD between 1900 and 2099. */
    private static boolean birthDate(String d) {
        int year = Integer.parseInt(d.substring(0, 4));
        int month = Integer.parseInt(d.substring(4, 6));
        int day = Integer.parseInt(d.substring(6, 8));
        return year >= 1900 && year <= 2099 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
    }

    /** The ISO 7064 MOD 11-2 check digit of an 18-digit ID number (an X check is handled by the caller). */
    private static boolean idChecksum(String d) {
        int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int k = 0; k < 17; k++) {
            sum += (d.charAt(k) - '0') * weights[k];
        }
        return "10X98765432".charAt(sum % 11) == d.charAt(17);
    }

    private static boolean inFours(List<Group> groups) {
        for (int k = 0; k < groups.size() - 1; k++) {
            if (groups.get(k).digits().length() != 4) {
                return false;
            }
        }
        return groups.size() >= 4 && groups.get(groups.size() - 1).digits().length() <= 4;
    }

    private static boolean luhn(String d) {
        int sum = 0;
        for (int k = 0; k < d.length(); k++) {
            int v = d.charAt(d.length() - 1 - k) - '0';
            if (k % 2 == 1) {
                v *= 2;
                if (v > 9) {
                    v -= 9;
                }
            }
            sum += v;
        }
        return sum % 10 == 0;
    }

    private static char[] apply(String text, char[] out, Match m) {
        List<Group> groups = m.groups();
        Keep keep = m.keep();
        char[] o = out == null ? text.toCharArray() : out;
        int length = 0;
        for (Group g : groups) {
            length += g.end() - g.start();
        }
        int n = 0;
        for (Group g : groups) {
            for (int k = g.start(); k < g.end(); k++, n++) {
                if (n >= keep.head() && n < length - keep.tail()) {
                    o[k] = '*';
                }
            }
        }
        return o;
    }

    private static boolean anyDone(boolean[] done, int from, int to) {
        for (int k = from; k <= to; k++) {
            if (done[k]) {
                return true;
            }
        }
        return false;
    }

    /** The value of an ASCII or full-width digit, or -1. */
    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= '０' && c <= '９') {
            return c - '０';
        }
        return -1;
    }

    private static boolean isX(char c) {
        return c == 'X' || c == 'x' || c == 'Ｘ' || c == 'ｘ';
    }

    private static boolean separator(char c) {
        return c == ' ' || c == '-' || c == '\t' || c == '\u00a0' || c == '\u3000' || c == '－' || c == '\u2010'
                || c == '\u2011' || c == '\u2013';
    }
}
