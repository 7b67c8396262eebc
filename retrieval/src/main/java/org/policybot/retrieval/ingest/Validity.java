package org.policybot.retrieval.ingest;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * When a document is in force: the day it takes effect, the last day it is in force, the
 * documents it replaces and those that replace it (by title or file name, as the document
 * or its sidecar names them). Kept with the article in {@link Article#info()} under
 * {@link #KEYS}, so the index stores it and {@code GET /api/articles/{id}} shows it; read
 * back with {@link #of(Map)}. Every part may be unknown: an article without any is in force.
 *
 * @param expires the last day the document is in force ("有效期至2025年12月31日": that day)
 */
public record Validity(Optional<LocalDate> effective, Optional<LocalDate> expires, List<String> supersedes,
                       List<String> supersededBy) {

    public static final String EFFECTIVE = "effective";
    public static final String EXPIRES = "expires";
    public static final String SUPERSEDES = "supersedes";
    public static final String SUPERSEDED_BY = "superseded_by";
    /** The {@code info} keys validity is stored under. */
    public static final List<String> KEYS = List.of(EFFECTIVE, EXPIRES, SUPERSEDES, SUPERSEDED_BY);
    /** Between the names of a list in {@code info} (a title may hold commas, never this). */
    static final String SEPARATOR = "；";

    public static final Validity NONE = new Validity(Optional.empty(), Optional.empty(), List.of(), List.of());

    public Validity {
        effective = effective == null ? Optional.empty() : effective;
        expires = expires == null ? Optional.empty() : expires;
        supersedes = supersedes == null ? List.of() : List.copyOf(supersedes);
        supersededBy = supersededBy == null ? List.of() : List.copyOf(supersededBy);
    }

    /** Whether nothing is known about the document's validity. */
    public boolean isEmpty() {
        return effective.isEmpty() && expires.isEmpty() && supersedes.isEmpty() && supersededBy.isEmpty();
    }

    /** The validity stored in an article's {@code info}; unreadable dates count as unknown. */
    public static Validity of(Map<String, String> info) {
        return new Validity(date(info.get(EFFECTIVE)), date(info.get(EXPIRES)), names(info.get(SUPERSEDES)),
                names(info.get(SUPERSEDED_BY)));
    }

    /** This validity written into {@code info} (ISO dates, names joined by {@value #SEPARATOR}); other keys kept. */
    public Map<String, String> into(Map<String, String> info) {
        Map<String, String> out = new LinkedHashMap<>(info);
        KEYS.forEach(out::remove);
        effective.ifPresent(d -> out.put(EFFECTIVE, d.toString()));
        expires.ifPresent(d -> out.put(EXPIRES, d.toString()));
        if (!supersedes.isEmpty()) {
            out.put(SUPERSEDES, String.join(SEPARATOR, supersedes));
        }
        if (!supersededBy.isEmpty()) {
            out.put(SUPERSEDED_BY, String.join(SEPARATOR, supersededBy));
        }
        return out;
    }

    /** Each part of {@code over} that is known, else this one's. */
    public Validity overriddenBy(Validity over) {
        return new Validity(over.effective.or(() -> effective), over.expires.or(() -> expires),
                over.supersedes.isEmpty() ? supersedes : over.supersedes,
                over.supersededBy.isEmpty() ? supersededBy : over.supersededBy);
    }

    /** The same validity, also replaced by {@code name} (kept once). */
    public Validity alsoSupersededBy(String name) {
        if (supersededBy.contains(name)) {
            return this;
        }
        List<String> by = new ArrayList<>(supersededBy);
        by.add(name);
        return new Validity(effective, expires, supersedes, by);
    }

    /** Whether the document is in force on a day, and if not why. */
    public Status statusAt(LocalDate day) {
        Objects.requireNonNull(day, "day");
        if (effective.isPresent() && day.isBefore(effective.get())) {
            return new Status(Status.Kind.NOT_YET_IN_FORCE, effective, "");
        }
        // NOTE: a replacement counts from the day it is known, not from the day the new document takes effect:
        // a corpus rarely holds a replacement announced but not yet in force.
        if (!supersededBy.isEmpty()) {
            return new Status(Status.Kind.SUPERSEDED, Optional.empty(), supersededBy.get(0));
        }
        if (expires.isPresent() && day.isAfter(expires.get())) {
            return new Status(Status.Kind.EXPIRED, expires, "");
        }
        return Status.IN_FORCE;
    }

    /**
     * A document's standing on a day.
     *
     * @param date the day it takes effect (not yet in force) or its last day in force (expired)
     * @param by   the document that replaces it (superseded), as named; empty otherwise
     */
    public record Status(Kind kind, Optional<LocalDate> date, String by) {
        public static final Status IN_FORCE = new Status(Kind.IN_FORCE, Optional.empty(), "");

        public enum Kind { IN_FORCE, NOT_YET_IN_FORCE, EXPIRED, SUPERSEDED }

        public Status {
            date = date == null ? Optional.empty() : date;
            by = by == null ? "" : by;
        }

        public boolean inForce() {
            return kind == Kind.IN_FORCE;
        }

        /** {@code in-force}, {@code not-yet-in-force}, {@code expired} or {@code superseded}, as JSON shows it. */
        public String json() {
            return kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** Whether a name a document gives another (a title, in 《》 or not, or a file name) is the article's. */
    public static boolean refersTo(String name, Article article) {
        return ValidityFinder.refersTo(name, article);
    }

    private static Optional<LocalDate> date(String value) {
        return value == null ? Optional.empty() : Sidecar.date(value);
    }

    /** Names written as a list: separated by semicolons, or a YAML flow list {@code [a, b]}. */
    static List<String> names(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        String v = value.strip();
        String separators = "[;；]";
        if (v.startsWith("[") && v.endsWith("]")) {
            v = v.substring(1, v.length() - 1);
            separators = "[;；,，]";
        }
        List<String> out = new ArrayList<>();
        for (String part : v.split(separators)) {
            String name = Sidecar.unquote(part.strip()).strip();
            if (!name.isEmpty() && !out.contains(name)) {
                out.add(name);
            }
        }
        return out;
    }
}
