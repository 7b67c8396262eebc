package org.policybot.bot.channel;

/**
 * Telegram's HTML parse mode: escaping text (only {@code <}, {@code >} and {@code &} need
 * it) and turning our HTML back into plain text when Telegram refuses to parse it.
 */
public final class Html {

    private Html() {
    }

    public static String escape(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static final java.util.regex.Pattern TAG = java.util.regex.Pattern.compile("<[^>]*>");

    /** The text a reader sees: tags removed, entities decoded. */
    public static String toPlainText(String html) {
        String noTags = TAG.matcher(html).replaceAll("");
        StringBuilder sb = new StringBuilder(noTags.length());
        int i = 0;
        while (i < noTags.length()) {
            char c = noTags.charAt(i);
            int end = c == '&' ? noTags.indexOf(';', i) : -1;
            if (end > i && end - i <= 10) {
                String decoded = decode(noTags.substring(i + 1, end));
                if (decoded != null) {
                    sb.append(decoded);
                    i = end + 1;
                    continue;
                }
            }
            sb.append(c);
            i++;
        }
        return sb.toString();
    }

    private static String decode(String entity) {
        switch (entity) {
            case "lt":
                return "<";
            case "gt":
                return ">";
            case "amp":
                return "&";
            case "quot":
                return "\"";
            default:
                break;
        }
        try {
            if (entity.startsWith("#x") || entity.startsWith("#X")) {
                return new String(Character.toChars(Integer.parseInt(entity.substring(2), 16)));
            }
            if (entity.startsWith("#")) {
                return new String(Character.toChars(Integer.parseInt(entity.substring(1))));
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return null;
    }
}
