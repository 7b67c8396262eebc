package org.policybot.retrieval.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The optional metadata file beside an article file: {@code NAME.meta.yaml} (or
 * {@code .meta.yml}, or the whole file name plus {@code .meta.yaml}) with simple
 * {@code key: value} lines: title, date, issuer, number, region, source (url too), and the
 * document's validity: effective, expires (dates), supersedes, superseded_by (titles or file
 * names; several as a YAML list). What it says overrides the document's properties and what
 * the reader finds in the text. Only that flat YAML form is read (no library needed): quotes
 * around a value are removed, lines starting with # are comments, a list is {@code [a, b]},
 * {@code a; b} or {@code - a} lines under its key; an unknown key or a date that cannot be
 * read is reported. A {@code .md} file may start with the same lines as front matter
 * ({@link #frontMatter}), which its sidecar overrides.
 */
record Sidecar(Map<String, String> fields, List<String> problems) {

    static final List<String> KEYS = List.of("title", "date", "issuer", "number", "region", "source", "url",
            Validity.EFFECTIVE, Validity.EXPIRES, Validity.SUPERSEDES, Validity.SUPERSEDED_BY);
    private static final List<String> DATE_KEYS = List.of("date", Validity.EFFECTIVE, Validity.EXPIRES);
    private static final List<String> LIST_KEYS = List.of(Validity.SUPERSEDES, Validity.SUPERSEDED_BY);
    private static final Pattern ITEM = Pattern.compile("^-\\s+(.*)$");
    private static final Pattern FRONT_MATTER = Pattern.compile("\\A\uFEFF?---[ \\t]*\\R(.*?\\R)?---[ \\t]*(?:\\R|\\z)", Pattern.DOTALL);
    private static final Pattern LINE = Pattern.compile("^([A-Za-z_]+)\\s*[:：]\\s*(.*)$");
    private static final Pattern DATE = Pattern.compile("^((?:19|20)\\d{2})\\s*[-/.年]\\s*(\\d{1,2})\\s*[-/.月]\\s*(\\d{1,2})\\s*日?$");

    static final Sidecar NONE = new Sidecar(Map.of(), List.of());

    /** Whether a file name is a sidecar's (not an article to read). */
    static boolean isSidecar(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        return n.endsWith(".meta.yaml") || n.endsWith(".meta.yml");
    }

    /** The sidecar files that may belong to an article file, most specific first. */
    static List<Path> candidates(Path file) {
        String name = file.getFileName().toString();
        String stem = ArticleReader.stem(name);
        List<Path> out = new ArrayList<>();
        for (String base : List.of(name, stem)) {
            out.add(file.resolveSibling(base + ".meta.yaml"));
            out.add(file.resolveSibling(base + ".meta.yml"));
        }
        return out;
    }

    /** The sidecar of an article file, or {@link #NONE}. */
    static Sidecar of(Path file) {
        for (Path p : candidates(file)) {
            if (Files.isRegularFile(p)) {
                try {
                    return parse(p.getFileName().toString(), Files.readString(p, StandardCharsets.UTF_8));
                } catch (IOException | RuntimeException e) {
                    return new Sidecar(Map.of(), List.of(p.getFileName() + " cannot be read: " + DocumentReader.reason(e)));
                }
            }
        }
        return NONE;
    }

    static Sidecar parse(String name, String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        String listKey = null;
        for (String raw : text.replace("\uFEFF", "").split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.equals("---") || line.equals("...")) {
                continue;
            }
            Matcher item = ITEM.matcher(line);
            if (listKey != null && item.matches()) {
                String value = unquote(item.group(1).replaceFirst("\\s+#.*$", "").strip());
                if (!value.isEmpty()) {
                    fields.merge(listKey, value, (a, b) -> a + Validity.SEPARATOR + b);
                }
                continue;
            }
            listKey = null;
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                problems.add(name + ": line not read (expected key: value): " + line);
                continue;
            }
            String key = m.group(1).toLowerCase(Locale.ROOT);
            String value = unquote(m.group(2).replaceFirst("\\s+#.*$", "").strip());
            if (!KEYS.contains(key)) {
                problems.add(name + ": unknown key " + key + " (known: " + String.join(", ", KEYS) + ")");
                continue;
            }
            if (DATE_KEYS.contains(key) && !value.isEmpty() && date(value).isEmpty()) {
                problems.add(name + ": " + key + " not understood: " + value + " (write 2024-03-01)");
                continue;
            }
            if (LIST_KEYS.contains(key)) {
                if (value.isEmpty()) {
                    listKey = key;
                } else {
                    fields.put(key, String.join(Validity.SEPARATOR, Validity.names(value)));
                }
                continue;
            }
            if (!value.isEmpty()) {
                fields.put(key, value);
            }
        }
        return new Sidecar(Map.copyOf(fields), List.copyOf(problems));
    }

    /** A text file's front matter ({@code ---} lines at its top) and the text with those lines blanked (lines keep their numbers). */
    record Front(Sidecar sidecar, String text) {
    }

    /** The front matter at the top of a Markdown text, read as a sidecar; {@link #NONE} and the text unchanged when there is none. */
    static Front frontMatter(String name, String text) {
        Matcher m = FRONT_MATTER.matcher(text);
        if (!m.find()) {
            return new Front(NONE, text);
        }
        String block = m.group(1) == null ? "" : m.group(1);
        for (String raw : block.split("\\R")) {
            String line = raw.strip();
            if (!line.isEmpty() && !line.startsWith("#") && !LINE.matcher(line).matches() && !ITEM.matcher(line).matches()) {
                // Two horizontal rules around prose, not front matter: the text stays as it is.
                return new Front(NONE, text);
            }
        }
        String blanked = m.group().replaceAll("[^\\r\\n]", "");
        return new Front(parse(name + " front matter", block), blanked + text.substring(m.end()));
    }

    /** What this sidecar says over another (its keys win). */
    Sidecar over(Sidecar other) {
        if (other.fields.isEmpty() && other.problems.isEmpty()) {
            return this;
        }
        Map<String, String> merged = new LinkedHashMap<>(other.fields);
        merged.putAll(fields);
        List<String> all = new ArrayList<>(other.problems);
        all.addAll(problems);
        return new Sidecar(Map.copyOf(merged), List.copyOf(all));
    }

    /** The validity the sidecar states (parts it does not state are unknown). */
    Validity validity() {
        return new Validity(get(Validity.EFFECTIVE).flatMap(Sidecar::date), get(Validity.EXPIRES).flatMap(Sidecar::date),
                Validity.names(fields.get(Validity.SUPERSEDES)), Validity.names(fields.get(Validity.SUPERSEDED_BY)));
    }

    static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    static Optional<LocalDate> date(String value) {
        Matcher m = DATE.matcher(value.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    Optional<String> get(String key) {
        return Optional.ofNullable(fields.get(key));
    }
}
