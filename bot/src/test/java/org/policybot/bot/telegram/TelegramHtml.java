package org.policybot.bot.telegram;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Telegram's HTML parse mode accepts, checked the way Telegram does: only its tags,
 * balanced; every {@code <}, {@code >} and {@code &} of text escaped as an entity.
 */
final class TelegramHtml {

    private static final Set<String> TAGS = Set.of("b", "strong", "i", "em", "u", "ins", "s", "strike", "del",
            "span", "tg-spoiler", "a", "code", "pre", "blockquote", "tg-emoji");
    private static final Pattern TAG = Pattern.compile("<(/?)([a-z-]+)(\\s[^<>]*)?>");
    private static final Pattern ENTITY = Pattern.compile("&(lt|gt|amp|quot|#\\d{1,7}|#x[0-9a-fA-F]{1,6});");

    private TelegramHtml() {
    }

    /** What Telegram would refuse in this message (empty when it is fine). */
    static List<String> problems(String html) {
        List<String> problems = new ArrayList<>();
        Deque<String> open = new ArrayDeque<>();
        int i = 0;
        while (i < html.length()) {
            char c = html.charAt(i);
            if (c == '<') {
                Matcher m = TAG.matcher(html).region(i, html.length());
                if (!m.lookingAt()) {
                    problems.add("bare '<' at " + i);
                    i++;
                    continue;
                }
                String name = m.group(2);
                if (!TAGS.contains(name)) {
                    problems.add("unsupported tag <" + name + "> at " + i);
                } else if (m.group(1).isEmpty()) {
                    open.push(name);
                } else if (open.isEmpty() || !open.pop().equals(name)) {
                    problems.add("unbalanced </" + name + "> at " + i);
                }
                i = m.end();
            } else if (c == '>') {
                problems.add("bare '>' at " + i);
                i++;
            } else if (c == '&') {
                Matcher m = ENTITY.matcher(html).region(i, html.length());
                if (!m.lookingAt()) {
                    problems.add("bare '&' at " + i);
                    i++;
                } else {
                    i = m.end();
                }
            } else {
                if (Character.isHighSurrogate(c) && (i + 1 >= html.length() || !Character.isLowSurrogate(html.charAt(i + 1)))) {
                    problems.add("broken surrogate pair at " + i);
                }
                if (Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(html.charAt(i - 1)))) {
                    problems.add("broken surrogate pair at " + i);
                }
                i++;
            }
        }
        if (!open.isEmpty()) {
            problems.add("unclosed tags " + open);
        }
        return problems;
    }
}
