package org.policybot.bot.telegram;

import java.util.ArrayList;
import java.util.List;
import org.policybot.bot.channel.Html;

/**
 * Cuts an HTML message into parts Telegram accepts (at most 4,096 characters each) at
 * sentence boundaries, falling back to commas or spaces, then to any character, for a
 * sentence longer than a message. A cut never falls inside a tag, an entity or a
 * surrogate pair; tags open at a cut are closed at the end of the part and opened again
 * at the start of the next, so every part is well-formed on its own.
 */
final class HtmlSplitter {

    /** Telegram's limit for the text of one message. */
    static final int TELEGRAM_LIMIT = 4096;

    private static final String SENTENCE_ENDS = "。！？!?；;\n";
    private static final String CLOSERS = "”’」』）)】》\"'";
    private static final String SOFT = "，,、：: \t";

    private enum Kind { TEXT, OPEN_TAG, CLOSE_TAG, ENTITY }

    private record Token(String text, Kind kind, String tag) {
    }

    private final int limit;

    HtmlSplitter(int limit) {
        if (limit < 64) {
            throw new IllegalArgumentException("limit too small: " + limit);
        }
        this.limit = limit;
    }

    HtmlSplitter() {
        this(TELEGRAM_LIMIT);
    }

    /** The parts, in order; blank parts (whitespace only) are left out. */
    List<String> split(String html) {
        List<String> parts = new ArrayList<>();
        if (html.length() <= limit) {
            parts.add(html);
        } else {
            cut(tokenize(html), parts);
        }
        parts.removeIf(p -> Html.toPlainText(p).isBlank());
        return parts;
    }

    private void cut(List<Token> tokens, List<String> parts) {
        List<Token> open = List.of();
        int start = 0;
        while (start < tokens.size()) {
            String prefix = joinText(open);
            List<Token> stack = new ArrayList<>(open);
            int length = prefix.length();
            int sentence = -1;
            int soft = -1;
            int hard = -1;
            List<Token> sentenceStack = null;
            List<Token> softStack = null;
            List<Token> hardStack = null;
            int i = start;
            for (; i < tokens.size(); i++) {
                Token t = tokens.get(i);
                apply(stack, t);
                length += t.text().length();
                if (length + closingLength(stack) > limit) {
                    break;
                }
                if (t.kind() == Kind.TEXT || t.kind() == Kind.ENTITY || t.kind() == Kind.CLOSE_TAG) {
                    if (sentenceBoundaryAfter(tokens, i)) {
                        sentence = i + 1;
                        sentenceStack = List.copyOf(stack);
                    } else if (softBoundaryAfter(tokens, i)) {
                        soft = i + 1;
                        softStack = List.copyOf(stack);
                    }
                    if (t.kind() != Kind.CLOSE_TAG) {
                        hard = i + 1;
                        hardStack = List.copyOf(stack);
                    }
                }
            }
            if (i == tokens.size()) {
                parts.add(prefix + joinText(tokens.subList(start, tokens.size())) + closing(stack));
                return;
            }
            int end;
            List<Token> endStack;
            if (sentence > start) {
                end = sentence;
                endStack = sentenceStack;
            } else if (soft > start) {
                end = soft;
                endStack = softStack;
            } else if (hard > start) {
                end = hard;
                endStack = hardStack;
            } else {
                // Not even one token fits beside the reopened tags: send it anyway rather than loop.
                end = start + 1;
                endStack = new ArrayList<>(open);
                apply(endStack, tokens.get(start));
            }
            parts.add(prefix + joinText(tokens.subList(start, end)) + closing(endStack));
            open = List.copyOf(endStack);
            start = end;
        }
    }

    /** After a sentence end and any closing quotes or tags that follow it. */
    private static boolean sentenceBoundaryAfter(List<Token> tokens, int i) {
        if (i + 1 < tokens.size()) {
            Token next = tokens.get(i + 1);
            if (next.kind() == Kind.CLOSE_TAG || isChar(next, CLOSERS) || isChar(next, SENTENCE_ENDS)) {
                return false;
            }
        }
        for (int j = i; j >= 0; j--) {
            Token t = tokens.get(j);
            if (t.kind() == Kind.CLOSE_TAG || isChar(t, CLOSERS)) {
                continue;
            }
            return isChar(t, SENTENCE_ENDS);
        }
        return false;
    }

    private static boolean softBoundaryAfter(List<Token> tokens, int i) {
        Token t = tokens.get(i);
        if (!isChar(t, SOFT)) {
            return false;
        }
        return i + 1 >= tokens.size() || tokens.get(i + 1).kind() != Kind.CLOSE_TAG;
    }

    private static boolean isChar(Token t, String set) {
        return t.kind() == Kind.TEXT && t.text().length() == 1 && set.indexOf(t.text().charAt(0)) >= 0;
    }

    private static void apply(List<Token> stack, Token t) {
        if (t.kind() == Kind.OPEN_TAG) {
            stack.add(t);
        } else if (t.kind() == Kind.CLOSE_TAG) {
            for (int j = stack.size() - 1; j >= 0; j--) {
                if (stack.get(j).tag().equals(t.tag())) {
                    stack.remove(j);
                    break;
                }
            }
        }
    }

    private static int closingLength(List<Token> stack) {
        int n = 0;
        for (Token t : stack) {
            n += t.tag().length() + 3;
        }
        return n;
    }

    private static String closing(List<Token> stack) {
        StringBuilder sb = new StringBuilder();
        for (int j = stack.size() - 1; j >= 0; j--) {
            sb.append("</").append(stack.get(j).tag()).append('>');
        }
        return sb.toString();
    }

    private static String joinText(List<Token> tokens) {
        StringBuilder sb = new StringBuilder();
        for (Token t : tokens) {
            sb.append(t.text());
        }
        return sb.toString();
    }

    private static List<Token> tokenize(String html) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < html.length()) {
            char c = html.charAt(i);
            if (c == '<') {
                int end = html.indexOf('>', i);
                if (end > i) {
                    String raw = html.substring(i, end + 1);
                    boolean close = raw.startsWith("</");
                    String name = raw.substring(close ? 2 : 1, raw.length() - 1).split("[\\s/]", 2)[0].toLowerCase(java.util.Locale.ROOT);
                    out.add(new Token(raw, close ? Kind.CLOSE_TAG : Kind.OPEN_TAG, name));
                    i = end + 1;
                    continue;
                }
            } else if (c == '&') {
                int end = html.indexOf(';', i);
                if (end > i + 1 && end - i <= 10 && html.substring(i + 1, end).matches("#?[A-Za-z0-9]+")) {
                    out.add(new Token(html.substring(i, end + 1), Kind.ENTITY, ""));
                    i = end + 1;
                    continue;
                }
            }
            int next = i + Character.charCount(html.codePointAt(i));
            out.add(new Token(html.substring(i, next), Kind.TEXT, ""));
            i = next;
        }
        return out;
    }
}
