package org.policybot.bot.telegram;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The data of an inline button: what it stands for, the key of the stored value and a
 * number within it. A "来源 n" button is "src:Ab3dE5gH7j:2" (the citation), an option
 * button of a clarify answer "opt:Ab3dE5gH7j:1" (the option, from 1): 17 bytes, far below
 * Telegram's 64.
 */
record CallbackData(Kind kind, String key, int n) {

    /** What a button stands for. */
    enum Kind {
        /** A citation: shows the quoted passage. */
        SRC,
        /** An option of a clarify answer: answers the question for it. */
        OPT
    }

    private static final Pattern FORMAT = Pattern.compile("(src|opt):([0-9A-Za-z]{1,32}):(\\d{1,3})");

    /** A "来源 n" button's data. */
    CallbackData(String key, int n) {
        this(Kind.SRC, key, n);
    }

    String encode() {
        return kind.name().toLowerCase(Locale.ROOT) + ":" + key + ":" + n;
    }

    static Optional<CallbackData> parse(String data) {
        Matcher m = FORMAT.matcher(data == null ? "" : data);
        return m.matches()
                ? Optional.of(new CallbackData(Kind.valueOf(m.group(1).toUpperCase(Locale.ROOT)), m.group(2),
                        Integer.parseInt(m.group(3))))
                : Optional.empty();
    }
}
