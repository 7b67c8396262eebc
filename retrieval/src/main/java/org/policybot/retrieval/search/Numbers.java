package org.policybot.retrieval.search;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.policybot.retrieval.text.ChineseText;

/**
 * The numbers a question gives ("贷10万", "90多岁", "2024年"): a sentence that states the same
 * numbers is about the asker's case ("10万元及以下贷款…", "90至99周岁…").
 */
public final class Numbers {

    private static final Pattern NUMBER = Pattern.compile("(?<![\\d.])\\d+(\\.\\d+)?(?![\\d.])");

    private Numbers() {
    }

    /** The distinct numbers written with digits in a folded text. */
    public static List<String> in(String folded) {
        List<String> out = new ArrayList<>();
        Matcher m = NUMBER.matcher(ChineseText.compact(folded));
        while (m.find()) {
            if (!out.contains(m.group())) {
                out.add(m.group());
            }
        }
        return out;
    }

    /** The share of the asked numbers the text states as whole numbers (0 when none is asked). */
    public static double match(List<String> asked, String text) {
        if (asked.isEmpty()) {
            return 0;
        }
        List<String> found = in(ChineseText.fold(text));
        return (double) asked.stream().filter(found::contains).count() / asked.size();
    }
}
