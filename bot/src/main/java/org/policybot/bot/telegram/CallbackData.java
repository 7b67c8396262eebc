package org.policybot.bot.telegram;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The data of a "来源 n" button: the key of the stored citations and the citation number,
 * "src:Ab3dE5gH7j:2" (17 bytes, far below Telegram's 64).
 */
record CallbackData(String key, int n) {

    private static final Pattern FORMAT = Pattern.compile("src:([0-9A-Za-z]{1,32}):(\\d{1,3})");

    String encode() {
        return "src:" + key + ":" + n;
    }

    static Optional<CallbackData> parse(String data) {
        Matcher m = FORMAT.matcher(data == null ? "" : data);
        return m.matches() ? Optional.of(new CallbackData(m.group(1), Integer.parseInt(m.group(2)))) : Optional.empty();
    }
}
