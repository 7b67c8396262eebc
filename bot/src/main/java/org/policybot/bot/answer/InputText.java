package org.policybot.bot.answer;

/**
 * What a person typed, made ready for the answer path: invisible and broken characters
 * removed, whitespace collapsed. Every channel passes questions and search queries through
 * {@link #clean} at its edge ({@link Question} does it for questions), so a text that only
 * looked non-empty (a zero-width space, a BOM, the replacement characters a broken
 * encoding leaves) arrives as "", which each channel answers with its "please type a
 * question" reply or a 400, instead of reaching the embedding model, which refuses it.
 *
 * <p>Removed: control characters (C0, DEL, C1), format characters (zero-width spaces and
 * joiners, the word joiner, BOM, direction marks), unpaired surrogates, the replacement
 * character U+FFFD and Unicode noncharacters. Every run of whitespace (line breaks, tabs,
 * no-break and ideographic spaces included) becomes one ASCII space, and the ends are
 * stripped. Everything else, full-width digits and punctuation included, is kept as typed.
 */
public final class InputText {

    private InputText() {
    }

    public static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (whitespace(cp)) {
                space = out.length() > 0;
            } else if (!invisible(cp)) {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    private static boolean whitespace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x85;
    }

    private static boolean invisible(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                || cp == 0xFFFD || (cp & 0xFFFE) == 0xFFFE || (cp >= 0xFDD0 && cp <= 0xFDEF);
    }
}
