package org.policybot.bot.llm;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.policybot.retrieval.text.ChineseText;
import org.policybot.retrieval.text.QuestionDates;

/**
 * The figures a text states (Arabic numerals, full-width too), normalised so "0391" and
 * "391", "1,000" and "1000" compare equal. A model sentence whose figure is none of the
 * figures of the passages it cites (or of the question) states something the sources do
 * not: the number is flagged. NOTE: numbers written in Chinese characters ("十五个") are
 * not checked.
 */
final class Figures {

    private static final Pattern NUMBER = Pattern.compile("\\d+(?:,\\d{3})*(?:\\.\\d+)?");
    /** "1. ", "2、", "3）" at the start of a list item number the item, they state nothing. */
    private static final Pattern LIST_NUMBER = Pattern.compile("^\\s*\\d{1,2}\\s*[.、)）](?!\\d)");
    /** A mobile number masked before it was sent ("138****5678"): its parts are not figures. */
    private static final Pattern MASKED = Pattern.compile("\\d*\\*{4,}\\d*");

    private Figures() {
    }

    /** The figures in a text, normalised, in order. */
    static Set<String> of(String text) {
        String t = MASKED.matcher(ChineseText.toHalfWidth(Markers.strip(text))).replaceAll(" ");
        t = LIST_NUMBER.matcher(t).replaceFirst("");
        Set<String> out = new LinkedHashSet<>();
        Matcher m = NUMBER.matcher(t);
        while (m.find()) {
            out.add(normalise(m.group()));
        }
        return out;
    }

    /** The figures of a question, with two-digit years also as four ("13年" gives 13 and 2013). */
    static Set<String> ofQuestion(String question) {
        Set<String> out = of(question);
        out.addAll(of(QuestionDates.expandTwoDigitYears(ChineseText.toHalfWidth(question))));
        return out;
    }

    private static String normalise(String number) {
        String n = number.replace(",", "");
        int dot = n.indexOf('.');
        String whole = dot < 0 ? n : n.substring(0, dot);
        String fraction = dot < 0 ? "" : n.substring(dot);
        whole = whole.replaceFirst("^0+(?=\\d)", "");
        return whole + fraction;
    }
}
