package org.policybot.retrieval.search;

import java.util.regex.Pattern;

/** Whether a sentence states a period ("…至…", "…前", "…及以后"), which the year feature must leave to date reasoning. */
final class DateRangeReasonerLite {
    private static final Pattern PERIOD = Pattern.compile("\\d{4}年(\\d{1,2}月(\\d{1,2}[日号])?)?(至|到|前|以前|之前|及以前|及以后|以后|之后|起)");

    private DateRangeReasonerLite() {
    }

    static boolean noPeriod(String folded) {
        return !PERIOD.matcher(folded).find();
    }
}
