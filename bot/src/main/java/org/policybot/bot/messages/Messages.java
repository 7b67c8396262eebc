package org.policybot.bot.messages;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.policybot.config.Settings;
import org.policybot.config.SettingsException;

/**
 * Every text a user reads that is not an answer drawn from the articles: the bundled
 * {@code messages_zh_CN.properties} (UTF-8), with the texts of the file named by
 * {@code chatbot.messages-file} in place of the bundled ones of the same key, and the
 * example questions the welcome texts show. Built once by the wiring and passed on; a text
 * with values in it is a {@link MessageFormat} pattern ({@code {0}}), formatted only when
 * values are given, so a text without any may hold a plain apostrophe.
 */
public final class Messages {

    /** The bundle inside the jar: the texts a deployment gets unless it rewords them. */
    public static final String BUNDLE = "messages_zh_CN.properties";
    private static final String SETTING = "chatbot.messages-file";

    private final Map<String, String> texts;
    private final List<String> examples;

    private Messages(Map<String, String> texts, List<String> examples) {
        this.texts = Map.copyOf(texts);
        this.examples = List.copyOf(examples);
    }

    /** The bundled texts, with no example questions (tests, tools that do not read the settings). */
    public static Messages bundled() {
        return new Messages(readBundle(), List.of());
    }

    /**
     * The bundled texts with those of the settings' messages file in their place, and the
     * settings' example questions (none when the settings leave them to the corpus).
     *
     * @throws SettingsException naming {@code chatbot.messages-file} when the file cannot be
     *                           read, is not UTF-8, names a key the bundle does not have, or
     *                           holds a text with values that is not a valid pattern
     */
    public static Messages load(Settings.Texts settings) {
        Map<String, String> texts = readBundle();
        settings.messagesFile().ifPresent(file -> override(texts, file));
        return new Messages(texts, settings.examples());
    }

    /** These texts with other example questions (chosen from the corpus at start-up). */
    public Messages withExamples(List<String> examples) {
        return new Messages(texts, examples);
    }

    /** The example questions; empty until the settings or the corpus provide some. */
    public List<String> examples() {
        return examples;
    }

    /** Every key, sorted. */
    public Set<String> keys() {
        return Collections.unmodifiableSet(new TreeSet<>(texts.keySet()));
    }

    /**
     * The text of a key, with {@code values} put in its {@code {0}}, {@code {1}}…
     *
     * @throws IllegalArgumentException for a key the bundle does not have (a defect in the caller)
     */
    public String text(String key, Object... values) {
        String text = texts.get(key);
        if (text == null) {
            throw new IllegalArgumentException("no text \"" + key + "\" in " + BUNDLE);
        }
        return values.length == 0 ? text : format(text, values);
    }

    /** A text's pattern with {@code values} put in its {@code {0}}, {@code {1}}…, numbers as typed. */
    public static String format(String pattern, Object... values) {
        Object[] shown = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            // Numbers as typed: MessageFormat would group digits ("12,333").
            shown[i] = values[i] instanceof Number n ? n.toString() : values[i];
        }
        return new MessageFormat(pattern, Locale.ROOT).format(shown);
    }

    private static Map<String, String> readBundle() {
        try (InputStream in = Messages.class.getClassLoader().getResourceAsStream(BUNDLE)) {
            if (in == null) {
                throw new IllegalStateException(BUNDLE + " is missing from the classpath");
            }
            return read(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + BUNDLE, e);
        }
    }

    private static void override(Map<String, String> texts, Path file) {
        Map<String, String> replacing;
        try (Reader reader = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT))) {
            replacing = read(reader);
        } catch (CharacterCodingException e) {
            throw new SettingsException(SETTING, file + " is not UTF-8 text");
        } catch (IOException | IllegalArgumentException e) {
            throw new SettingsException(SETTING, "cannot read " + file + ": " + e.getMessage());
        }
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(replacing).entrySet()) {
            String bundled = texts.get(e.getKey());
            if (bundled == null) {
                throw new SettingsException(SETTING, "unknown text key \"" + e.getKey() + "\" in " + file
                        + " (the keys are those of " + BUNDLE + ")");
            }
            if (bundled.contains("{0")) {
                try {
                    new MessageFormat(e.getValue(), Locale.ROOT);
                } catch (IllegalArgumentException bad) {
                    throw new SettingsException(SETTING, "the text \"" + e.getKey() + "\" in " + file
                            + " is not a valid pattern: " + bad.getMessage());
                }
            }
            texts.put(e.getKey(), e.getValue());
        }
    }

    private static Map<String, String> read(Reader reader) throws IOException {
        Properties p = new Properties();
        p.load(reader);
        Map<String, String> out = new HashMap<>();
        for (String key : p.stringPropertyNames()) {
            out.put(key, p.getProperty(key));
        }
        return out;
    }

    @Override
    public String toString() {
        return "Messages" + keys() + (examples.isEmpty() ? "" : " examples=" + examples);
    }
}
