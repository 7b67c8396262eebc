package org.policybot.retrieval.ingest;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.policybot.retrieval.text.ChineseNumerals;
import org.policybot.retrieval.text.DataFile;

/**
 * Finds the validity a document states in its own words ("本办法自2024年1月1日起施行",
 * "自发布之日起施行", "有效期至2025年12月31日", "有效期为5年", "《旧办法》同时废止"), and links
 * the documents of a corpus that replace each other. The words are data
 * ({@code policybot/validity-phrases.tsv}); the shape of the phrases is here. A phrase counts
 * only where the document speaks of itself: at the start of a clause, or after "本" and a
 * document word, so a news report that "新《条例》自…起施行" is not taken for the report's own
 * validity. A repeal counts in the paragraph after such a phrase.
 */
final class ValidityFinder {

    private static final String RESOURCE = "policybot/validity-phrases.tsv";
    private static final String DATE = "((?:19|20)\\d{2})\\s*年\\s*(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*日";
    /** Where a phrase must end: the end of its clause. */
    private static final String CLAUSE_END = "(?=\\s*(?:[，,。；;！!）)]|$))";
    private static final Pattern TITLE = Pattern.compile("《([^《》]+)》");
    private static final Pattern ISSUED_WRAPPER = Pattern.compile("^关于(?:印发|发布|公布|修订)?《(.+)》的(?:通知|公告|决定)$");

    private final Pattern effective;
    private final Pattern until;
    private final Pattern span;
    private final Pattern period;
    private final Pattern repealed;

    /** The finder with the bundled words. */
    static final ValidityFinder BUNDLED = load();

    private ValidityFinder(Map<String, List<String>> words) {
        String lead = "(?:^|(?<=[，,。；;：:！!]))\\s*(?:第[一二三四五六七八九十百零〇\\d]+条\\s*)?(?:本(?:" + any(words, "self") + "))?\\s*";
        effective = Pattern.compile(lead + "(?:" + any(words, "from") + ")\\s*(?:" + DATE + "|(" + any(words, "issue-day") + "))\\s*起?\\s*(?:"
                + any(words, "takes-effect") + ")" + CLAUSE_END);
        until = Pattern.compile(lead + "(?:" + any(words, "until") + ")\\s*" + DATE + "\\s*止?" + CLAUSE_END);
        span = Pattern.compile(lead + "(?:" + any(words, "period") + ")\\s*(?:自|从)?\\s*" + DATE + "\\s*起?\\s*(?:至|到)\\s*" + DATE + "\\s*止?" + CLAUSE_END);
        period = Pattern.compile(lead + "(?:" + any(words, "period") + ")\\s*(\\d{1,3})\\s*年");
        repealed = Pattern.compile("((?:《[^》]*》|[^，,。；;《])*)(?:" + any(words, "repealed") + ")");
    }

    private static ValidityFinder load() {
        Map<String, List<String>> words = new HashMap<>();
        for (DataFile.Row row : DataFile.rows(RESOURCE, 2)) {
            words.computeIfAbsent(row.cells()[0], k -> new ArrayList<>()).add(row.cells()[1]);
        }
        for (String role : List.of("self", "from", "takes-effect", "issue-day", "until", "period", "repealed")) {
            if (!words.containsKey(role)) {
                throw new IllegalStateException(RESOURCE + ": no words of the role " + role);
            }
        }
        return new ValidityFinder(words);
    }

    /** The words of a role as an alternation, longest first (有效期为 before 有效期). */
    private static String any(Map<String, List<String>> words, String role) {
        return words.get(role).stream().sorted(Comparator.comparingInt(String::length).reversed().thenComparing(w -> w))
                .map(Pattern::quote).collect(Collectors.joining("|"));
    }

    /**
     * The validity a document's text states.
     *
     * @param date the document's date: the day it takes effect when it "自发布之日起施行"
     */
    Validity find(String text, Optional<LocalDate> date) {
        Optional<LocalDate> from = Optional.empty();
        Optional<LocalDate> last = Optional.empty();
        Integer years = null;
        List<String> replaced = new ArrayList<>();
        for (String paragraph : text.split("\n")) {
            int selfAt = -1;
            Matcher e = effective.matcher(paragraph);
            if (e.find()) {
                Optional<LocalDate> d = e.group(4) != null ? date : day(e.group(1), e.group(2), e.group(3));
                if (from.isEmpty()) {
                    from = d;
                }
                selfAt = e.end();
            }
            Matcher s = span.matcher(paragraph);
            if (s.find()) {
                if (from.isEmpty()) {
                    from = day(s.group(1), s.group(2), s.group(3));
                }
                if (last.isEmpty()) {
                    last = day(s.group(4), s.group(5), s.group(6));
                }
                selfAt = selfAt < 0 ? s.end() : Math.min(selfAt, s.end());
            }
            Matcher u = until.matcher(paragraph);
            if (u.find()) {
                if (last.isEmpty()) {
                    last = day(u.group(1), u.group(2), u.group(3));
                }
                selfAt = selfAt < 0 ? u.end() : Math.min(selfAt, u.end());
            }
            Matcher p = period.matcher(ChineseNumerals.quantitiesToDigits(paragraph));
            if (years == null && p.find()) {
                years = Integer.parseInt(p.group(1));
            }
            if (selfAt >= 0) {
                Matcher r = repealed.matcher(paragraph);
                r.region(selfAt, paragraph.length());
                while (r.find()) {
                    Matcher t = TITLE.matcher(r.group(1));
                    while (t.find()) {
                        String title = t.group(1).strip();
                        if (!title.isEmpty() && !replaced.contains(title)) {
                            replaced.add(title);
                        }
                    }
                }
            }
        }
        if (last.isEmpty() && years != null && years > 0 && from.isPresent()) {
            last = Optional.of(from.get().plusYears(years).minusDays(1));
        }
        return new Validity(from, last, replaced, List.of());
    }

    private static Optional<LocalDate> day(String y, String m, String d) {
        try {
            return Optional.of(LocalDate.of(Integer.parseInt(y), Integer.parseInt(m), Integer.parseInt(d)));
        } catch (DateTimeException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * The articles with the replacements between them made mutual: a document that names
     * another in {@code supersedes} (by title or file name) marks that one
     * {@code superseded_by} itself, when the other is in the corpus. Names that match no
     * document are kept as written.
     */
    static List<Article> link(List<Article> articles) {
        Map<String, Integer> byName = new LinkedHashMap<>();
        for (int i = 0; i < articles.size(); i++) {
            for (String name : names(articles.get(i))) {
                byName.putIfAbsent(name, i);
            }
        }
        Map<Integer, Validity> changed = new HashMap<>();
        for (int i = 0; i < articles.size(); i++) {
            Article a = articles.get(i);
            for (String name : a.validity().supersedes()) {
                Integer target = byName.get(normalise(name));
                if (target == null) {
                    Matcher w = ISSUED_WRAPPER.matcher(normalise(name));
                    target = w.matches() ? byName.get(normalise(w.group(1))) : null;
                }
                if (target != null && target != i) {
                    Validity v = changed.getOrDefault(target, articles.get(target).validity());
                    changed.put(target, v.alsoSupersededBy(a.title().isBlank() ? a.file() : a.title()));
                }
            }
        }
        if (changed.isEmpty()) {
            return articles;
        }
        List<Article> out = new ArrayList<>(articles);
        changed.forEach((i, v) -> out.set(i, out.get(i).withValidity(v)));
        return out;
    }

    /** Whether a name (a title, in 《》 or not, an 印发 notice's title, a file name) is the article's. */
    static boolean refersTo(String name, Article a) {
        List<String> names = names(a);
        String n = normalise(name);
        if (names.contains(n)) {
            return true;
        }
        Matcher w = ISSUED_WRAPPER.matcher(n);
        return w.matches() && names.contains(normalise(w.group(1)));
    }

    /** What other documents may call an article: its title (and the title an 印发 notice wraps), its file name and stem. */
    private static List<String> names(Article a) {
        List<String> out = new ArrayList<>();
        if (!a.title().isBlank()) {
            out.add(normalise(a.title()));
            Matcher w = ISSUED_WRAPPER.matcher(normalise(a.title()));
            if (w.matches()) {
                out.add(normalise(w.group(1)));
            }
        }
        out.add(normalise(a.file()));
        out.add(normalise(ArticleReader.stem(a.file())));
        return out;
    }

    private static String normalise(String name) {
        String n = name.strip().replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
        if (n.startsWith("《") && n.endsWith("》") && n.indexOf('《', 1) < 0) {
            n = n.substring(1, n.length() - 1);
        }
        return n;
    }
}
