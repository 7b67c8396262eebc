package org.policybot.retrieval.text;

/**
 * A phrase for a well-known national event and the year it names ("非典" 2003, "奥运会"
 * 2008). One row of {@code policybot/events.tsv}.
 *
 * @param event the event the phrase stands for; a phrase other than the event's own name is
 *              a short form, taken only where nothing before it names another event of the
 *              kind ("伦敦奥运会")
 */
record NationalEvent(String phrase, int year, String event) {

    NationalEvent {
        if (phrase.isBlank() || event.isBlank()) {
            throw new IllegalArgumentException("an event needs a phrase and a name");
        }
        if (year < 1900 || year > 2100) {
            throw new IllegalArgumentException("year out of range: " + year);
        }
    }

    boolean isShortForm() {
        return !phrase.equals(event);
    }

    /** A phrase that is itself a year ("千禧年") needs no time cue after it. */
    boolean isYearItself() {
        return phrase.endsWith("年");
    }
}
