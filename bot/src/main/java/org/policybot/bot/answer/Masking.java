package org.policybot.bot.answer;

import java.util.regex.Pattern;

/**
 * Hides ID-card numbers (18 characters, the last may be X) and mainland mobile numbers
 * (11 digits starting with 1) before text is logged, stored or sent to a model.
 */
public final class Masking {

    private static final Pattern ID_CARD = Pattern.compile("(?<![0-9A-Za-z])(\\d{6})\\d{8}(\\d{3}[0-9Xx])(?![0-9A-Za-z])");
    private static final Pattern MOBILE = Pattern.compile("(?<!\\d)(1[3-9]\\d)\\d{4}(\\d{4})(?!\\d)");

    private Masking() {
    }

    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = ID_CARD.matcher(text).replaceAll("$1********$2");
        return MOBILE.matcher(out).replaceAll("$1****$2");
    }

    /** An opaque identifier (chat id, OpenID) shortened for logs: first and last characters only. */
    public static String maskId(String id) {
        if (id == null || id.length() <= 4) {
            return "***";
        }
        return id.substring(0, 2) + "***" + id.substring(id.length() - 2);
    }
}
