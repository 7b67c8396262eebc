package org.policybot.retrieval.search;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.policybot.retrieval.text.ChineseText;

/**
 * The hand-kept word lists of query understanding, loaded from data files in
 * {@code policybot/}: synonym groups, question stopwords, pinyin abbreviations and an
 * English glossary. Edit the files, not the code.
 */
public final class Lexicon {

    private final Map<String, Set<String>> synonyms;
    private final Set<String> stopwords;
    private final Map<String, List<String>> abbreviations;
    private final Map<String, List<String>> english;
    private final int longestEnglishPhrase;

    private Lexicon(Map<String, Set<String>> synonyms, Set<String> stopwords, Map<String, List<String>> abbreviations,
                    Map<String, List<String>> english) {
        this.synonyms = synonyms;
        this.stopwords = stopwords;
        this.abbreviations = abbreviations;
        this.english = english;
        this.longestEnglishPhrase = english.keySet().stream().mapToInt(k -> k.split(" ").length).max().orElse(1);
    }

    /** The bundled lists. */
    public static Lexicon bundled() {
        Map<String, Set<String>> synonyms = new HashMap<>();
        for (String line : lines("policybot/synonyms.txt")) {
            List<String> group = new ArrayList<>();
            for (String w : line.split("[,，]")) {
                String f = ChineseText.fold(w.strip());
                if (!f.isEmpty()) {
                    group.add(f);
                }
            }
            for (String w : group) {
                synonyms.computeIfAbsent(w, k -> new LinkedHashSet<>()).addAll(group);
            }
        }
        synonyms.forEach((k, v) -> v.remove(k));
        Set<String> stopwords = new HashSet<>();
        for (String line : lines("policybot/query-stopwords.txt")) {
            for (String w : line.split("\\s+")) {
                if (!w.isBlank()) {
                    stopwords.add(ChineseText.fold(w));
                }
            }
        }
        Map<String, List<String>> abbreviations = tsv("policybot/abbreviations.tsv");
        Map<String, List<String>> english = new HashMap<>();
        tsv("policybot/en-zh.tsv").forEach((key, zh) -> english.put(englishKey(key), zh));
        return new Lexicon(freeze(synonyms), Collections.unmodifiableSet(stopwords), abbreviations,
                Collections.unmodifiableMap(english));
    }

    public Set<String> synonymsOf(String word) {
        return synonyms.getOrDefault(word, Set.of());
    }

    /** Every word that has synonyms (for substring scanning of the question). */
    public Set<String> synonymKeys() {
        return synonyms.keySet();
    }

    /** The words that carry no topic in a question (question words, particles, pronouns). */
    public Set<String> stopwords() {
        return stopwords;
    }

    public boolean isStopword(String word) {
        return stopwords.contains(word);
    }

    public List<String> abbreviation(String latin) {
        return abbreviations.getOrDefault(latin.toLowerCase(Locale.ROOT), List.of());
    }

    /**
     * The Chinese terms of an English word or phrase (words as {@link #englishWord} leaves them,
     * one space apart); a plural last word is folded to its singular when the plural has no row
     * of its own ("allowances", "taxes", "subsidies").
     */
    public List<String> english(String phrase) {
        List<String> zh = english.get(phrase);
        if (zh != null) {
            return zh;
        }
        for (String singular : singulars(phrase)) {
            zh = english.get(singular);
            if (zh != null) {
                return zh;
            }
        }
        return List.of();
    }

    private static List<String> singulars(String phrase) {
        List<String> out = new ArrayList<>();
        if (phrase.endsWith("ies")) {
            out.add(phrase.substring(0, phrase.length() - 3) + "y");
        }
        if (phrase.endsWith("s")) {
            out.add(phrase.substring(0, phrase.length() - 1));
        }
        if (phrase.endsWith("es")) {
            out.add(phrase.substring(0, phrase.length() - 2));
        }
        return out;
    }

    /**
     * A Latin word as the glossary is looked up by: lower case, without a possessive ending
     * ("driver's" and "persons'" read as "driver" and "persons").
     */
    public static String englishWord(String word) {
        return POSSESSIVE.matcher(word.toLowerCase(Locale.ROOT)).replaceAll("");
    }

    private static final java.util.regex.Pattern POSSESSIVE = java.util.regex.Pattern.compile("['\u2019]s?$");

    private static String englishKey(String phrase) {
        List<String> words = new ArrayList<>();
        for (String w : phrase.strip().split("\\s+")) {
            words.add(englishWord(w));
        }
        return String.join(" ", words);
    }

    public int longestEnglishPhrase() {
        return longestEnglishPhrase;
    }

    private static Map<String, Set<String>> freeze(Map<String, Set<String>> m) {
        Map<String, Set<String>> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, Collections.unmodifiableSet(v)));
        return Collections.unmodifiableMap(out);
    }

    private static Map<String, List<String>> tsv(String resource) {
        Map<String, List<String>> out = new HashMap<>();
        for (String line : lines(resource)) {
            String[] parts = line.split("\t");
            if (parts.length < 2) {
                continue;
            }
            List<String> values = new ArrayList<>();
            for (String v : parts[1].split("\\s+")) {
                if (!v.isBlank()) {
                    values.add(ChineseText.fold(v));
                }
            }
            out.put(parts[0].strip().toLowerCase(Locale.ROOT), List.copyOf(values));
        }
        return Collections.unmodifiableMap(out);
    }

    private static List<String> lines(String resource) {
        InputStream in = Lexicon.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("missing resource " + resource);
        }
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    out.add(line.replaceAll("\\s+$", ""));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
