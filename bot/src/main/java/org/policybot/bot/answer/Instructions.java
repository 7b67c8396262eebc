package org.policybot.bot.answer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.policybot.retrieval.text.ChineseText;

/**
 * Phrases that ask the bot to leave the articles: to ignore its rules, play a role, make
 * something up, guess, or reveal its prompt ("忽略之前的指令", "编一个电话", "ignore the
 * articles"). One answerability feature; the phrases are data
 * ({@code policybot/instructions.txt}, one regular expression per line, on folded text).
 */
final class Instructions {

    private static final String RESOURCE = "/policybot/instructions.txt";
    private static volatile Instructions bundled;

    private final List<Pattern> patterns;

    Instructions(List<Pattern> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    static Instructions bundled() {
        Instructions i = bundled;
        if (i == null) {
            i = new Instructions(read());
            bundled = i;
        }
        return i;
    }

    /** Whether the question holds one of the phrases. */
    boolean matches(String question) {
        String folded = ChineseText.fold(question);
        for (Pattern p : patterns) {
            if (p.matcher(folded).find()) {
                return true;
            }
        }
        return false;
    }

    List<Pattern> patterns() {
        return patterns;
    }

    private static List<Pattern> read() {
        try (InputStream in = Instructions.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            List<Pattern> out = new ArrayList<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    out.add(Pattern.compile(t));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
