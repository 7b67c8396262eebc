package org.policybot.retrieval.ingest;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.policybot.retrieval.text.ChineseText;

/**
 * Groups the repaired lines of one file into articles: where each article starts (a title
 * after an article ended, a heading followed by a byline or an opening dateline, a heading
 * at the level of the current title), its subtitle, byline, date and source, and its
 * sections. Headings with no text under them and articles with no paragraphs are dropped.
 */
final class ArticleAssembler {

    private static final Pattern MASTHEAD_ISSUE = Pattern.compile("第\\s*\\d+\\s*期");
    private static final Pattern TRAILING_BYLINE = Pattern.compile("\\s+((?:本报|新华社)?记者(?:\\s*[\\u4e00-\\u9fff]){2,4})\\s*$");
    private static final Pattern TRAILING_PHOTO_CREDIT = Pattern.compile("[（(][^（()）]{1,12}\\s*摄[）)]\\s*$");
    private static final Pattern NAME_TOKEN = Pattern.compile("[\\u4e00-\\u9fff]{2,4}");

    private final String fileName;
    private final String idBase;
    private final String fileText;
    private final List<Draft> drafts = new ArrayList<>();
    /** Reading a document (not a text file): a heading under the title is a section, not a subtitle. */
    private final boolean document;

    private ArticleAssembler(String fileName, String idBase, String fileText, boolean document) {
        this.fileName = fileName;
        this.idBase = idBase;
        this.fileText = fileText;
        this.document = document;
    }

    /** @param idBase what the articles' ids start with (see {@link ArticleReader#idBases}) */
    static List<Article> assemble(String fileName, String idBase, List<Unit> units) {
        return assemble(fileName, idBase, units, false);
    }

    /** @param document true for a document read through Tika (see {@link #document}) */
    static List<Article> assemble(String fileName, String idBase, List<Unit> units, boolean document) {
        StringBuilder text = new StringBuilder();
        for (Unit u : units) {
            if (u.kind == Unit.Kind.TEXT && !u.consumed) {
                text.append(u.text).append('\n');
            }
        }
        ArticleAssembler assembler = new ArticleAssembler(fileName, idBase, text.toString(), document);
        List<Unit> live = units.stream().filter(u -> !u.consumed).toList();
        int start = assembler.masthead(live);
        TreeMap<Integer, List<Unit>> streams = new TreeMap<>();
        for (Unit u : live.subList(start, live.size())) {
            streams.computeIfAbsent(u.stream, s -> new ArrayList<>()).add(u);
        }
        for (List<Unit> stream : streams.values()) {
            assembler.assembleStream(stream);
        }
        return assembler.finish();
    }

    /** A run of short lines at the top of a file with an issue number ("第 12 期") is a newsletter masthead. */
    private int masthead(List<Unit> live) {
        int end = 0;
        while (end < live.size() && live.get(end).kind == Unit.Kind.TEXT && Continuation.headingLike(live.get(end).text)) {
            end++;
        }
        if (end < 2) {
            return 0;
        }
        List<Unit> lines = live.subList(0, end);
        int issueLine = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (MASTHEAD_ISSUE.matcher(lines.get(i).text).find()) {
                issueLine = i;
            }
        }
        if (issueLine < 0) {
            return 0;
        }
        Draft d = new Draft(lines.get(0).line);
        List<String> titleParts = new ArrayList<>();
        for (int i = 0; i < issueLine; i++) {
            titleParts.add(lines.get(i).text);
        }
        d.title = String.join(" ", titleParts);
        d.date = DateFinder.firstFullDate(lines.get(issueLine).text);
        d.masthead = true;
        StringBuilder all = new StringBuilder();
        for (int i = 0; i <= issueLine; i++) {
            all.append(i == 0 ? "" : " ").append(lines.get(i).text);
        }
        d.paragraph(all.toString(), lines.get(0).line);
        d.ended = true;
        drafts.add(d);
        return issueLine + 1;
    }

    private void assembleStream(List<Unit> units) {
        Draft current = null;
        for (int i = 0; i < units.size(); i++) {
            Unit u = units.get(i);
            Unit next = nextContent(units, i);
            switch (u.kind) {
                case PAGE_HEADER, TOC, CREDIT, NOTES, KEYWORDS -> {
                    if (u.kind == Unit.Kind.CREDIT && current != null && current.paragraphCount() > 0
                            && u.text.matches(".*摄\\s*[）)]?$")) {
                        current.ended = true;
                    }
                }
                case BYLINE -> {
                    if (current != null && current.paragraphCount() == 0 && current.byline.isEmpty()) {
                        current.byline = u.text;
                    }
                }
                case DATELINE -> {
                    if (current != null) {
                        Matcher m = LineClassifier.DATELINE.matcher(u.text);
                        if (m.matches() && current.datelineMonthDay == null) {
                            current.datelineMonthDay = new int[] {Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))};
                        }
                        if (current.source.isEmpty()) {
                            current.source = m.matches() ? m.group(1) : "";
                        }
                        current.ended = true;
                    }
                }
                case SOURCE -> {
                    if (current != null) {
                        applySourceLine(current, u.text);
                        current.ended = true;
                    }
                }
                case MD_HEADING -> current = heading(current, u, next, u.level);
                case PUBLICATION -> {
                    if (current != null && !current.title.isEmpty() && current.paragraphCount() == 0
                            && current.date.isEmpty() && current.source.isEmpty()) {
                        applyPublicationLine(current, u.text);
                    } else {
                        if (current != null && current.paragraphCount() > 0 && current.date.isEmpty()
                                && (next == null || next.kind != Unit.Kind.TEXT || Continuation.headingLike(next.text))) {
                            // The signing date under a notice's last paragraph: the notice's date.
                            current.date = publicationDate(u.text);
                        }
                        current = text(current, u, next);
                    }
                }
                case TEXT -> current = text(current, u, next);
                default -> {
                }
            }
        }
    }

    private Draft text(Draft current, Unit u, Unit next) {
        if (!u.paragraph && Continuation.headingLike(u.text) && !(current != null && current.paragraphCount() > 0
                && u.text.startsWith("——"))) {
            return heading(current, u, next, 0);
        }
        if (current == null || (current.ended && current.paragraphCount() > 0)) {
            current = startArticle(u, 0, "");
        }
        addParagraph(current, u);
        return current;
    }

    /**
     * A publication line under the title: its date (when it names the day) and who published
     * it, as the byline when a reporter is named, else as the source.
     */
    private static void applyPublicationLine(Draft d, String line) {
        Matcher m = LineClassifier.PUBLICATION.matcher(line);
        if (!m.matches()) {
            return;
        }
        Optional<LocalDate> date = Sidecar.date(m.group("date"));
        if (date.isPresent()) {
            d.date = date;
        }
        String issuer = m.group("issuer") == null ? ""
                : m.group("issuer").replaceAll("[ \u3000]+", " ").replaceFirst("\\s*(发布|印发|成文)$", "").strip();
        if (issuer.contains("记者") && d.byline.isEmpty()) {
            d.byline = issuer;
        } else if (!issuer.isEmpty() && d.source.isEmpty()) {
            d.source = issuer;
        }
    }

    private static Optional<LocalDate> publicationDate(String line) {
        Matcher m = LineClassifier.PUBLICATION.matcher(line);
        // A month without a day ("2026年2月") gives no date.
        return m.matches() ? Sidecar.date(m.group("date")) : Optional.empty();
    }

    private Draft heading(Draft current, Unit u, Unit next, int level) {
        String text = u.text;
        boolean afterTitleOnly = current != null && current.paragraphCount() == 0 && current.sections.isEmpty()
                && !current.title.isEmpty();
        if (afterTitleOnly && current.subtitle.isEmpty() && current.byline.isEmpty() && !Continuation.enumerated(text)
                && (text.startsWith("——") || !document && (level > current.titleLevel || (level == 0 && !looksLikeByline(text))))) {
            current.subtitle = text;
            return current;
        }
        if (afterTitleOnly && current.byline.isEmpty() && level == 0 && looksLikeByline(text)) {
            current.byline = text;
            return current;
        }
        boolean startsArticle = current == null
                || current.ended
                || level == 1
                || (next != null && next.kind == Unit.Kind.BYLINE)
                || (next != null && next.kind == Unit.Kind.TEXT && LineClassifier.INLINE_DATELINE.matcher(next.text).find())
                || (level > 0 && current.titleLevel > 0 && level <= current.titleLevel)
                || (level > 0 && current.titleLevel == 0 && !current.title.isEmpty())
                || (current.paragraphCount() == 0 && current.sections.isEmpty() && current.title.isEmpty());
        if (startsArticle) {
            return startArticle(u, level, text);
        }
        current.section(text);
        return current;
    }

    private Draft startArticle(Unit u, int level, String title) {
        Draft d = new Draft(u.line);
        d.title = title;
        d.titleLevel = level;
        drafts.add(d);
        return d;
    }

    private void addParagraph(Draft d, Unit u) {
        String text = u.text;
        Matcher byline = TRAILING_BYLINE.matcher(text);
        if (byline.find() && byline.start() > 0) {
            if (d.byline.isEmpty()) {
                d.byline = byline.group(1);
            }
            text = text.substring(0, byline.start());
        }
        Matcher credit = TRAILING_PHOTO_CREDIT.matcher(text);
        if (credit.find() && credit.start() > 0) {
            text = text.substring(0, credit.start());
        }
        Matcher inline = LineClassifier.INLINE_DATELINE.matcher(ChineseText.compact(text));
        if (d.paragraphCount() == 0 && inline.find()) {
            d.datelineMonthDay = new int[] {Integer.parseInt(inline.group(3)), Integer.parseInt(inline.group(4))};
            d.source = inline.group(1);
        }
        if (d.paragraphCount() == 0) {
            d.photoMonthDay = DateFinder.photoDate(text);
        }
        if (d.paragraphCount() == 0 && text.startsWith("本报讯") && d.source.isEmpty()) {
            d.source = "本报";
        }
        d.paragraph(text.strip(), u.line);
    }

    private static void applySourceLine(Draft d, String line) {
        Matcher m = LineClassifier.SOURCE.matcher(line);
        if (!m.matches()) {
            return;
        }
        String body = m.group(2).replaceAll("\\s+", " ");
        String name = body.split("[；;，,]|作者[:：]")[0].replaceAll("(19|20)\\d{2}\\s*年.*$", "").strip();
        name = name.replaceAll("[《》“”\"]", "").strip();
        if (!name.isEmpty()) {
            d.source = name;
        }
        Optional<LocalDate> date = DateFinder.firstFullDate(body);
        if (date.isPresent()) {
            d.date = date;
        }
    }

    /** Names only: "刘冬梅", "薛 姝", "杨娟 杜帅", "科技部党组书记、部长 阴和俊". */
    static boolean looksLikeByline(String text) {
        String t = text.strip();
        if (t.startsWith("——") || ChineseText.visibleLength(t) > 25 || t.matches(".*[，。！？：；,!?:;].*")) {
            return false;
        }
        String[] tokens = t.split("\\s+");
        if (tokens.length == 1) {
            return NAME_TOKEN.matcher(t).matches() && t.length() <= 3;
        }
        String joined = ChineseText.compact(t);
        if (tokens.length <= 4 && joined.length() <= 4 && joined.matches("[\\u4e00-\\u9fff]+")) {
            return true;
        }
        return NAME_TOKEN.matcher(tokens[tokens.length - 1]).matches() && tokens[tokens.length - 1].length() <= 3;
    }

    private static Unit nextContent(List<Unit> units, int i) {
        for (int j = i + 1; j < units.size(); j++) {
            Unit u = units.get(j);
            if (u.kind != Unit.Kind.CREDIT) {
                return u;
            }
        }
        return null;
    }

    private List<Article> finish() {
        drafts.sort(Comparator.comparingInt(d -> d.line));
        List<Article> out = new ArrayList<>();
        Optional<LocalDate> newsletterDate = drafts.stream().filter(d -> d.masthead).map(d -> d.date)
                .flatMap(Optional::stream).findFirst();
        int index = 0;
        for (Draft d : drafts) {
            List<Article.Section> sections = d.sections.stream()
                    .filter(s -> !s.paragraphs.isEmpty())
                    .map(s -> new Article.Section(s.heading, s.paragraphs))
                    .toList();
            if (sections.isEmpty()) {
                continue;
            }
            String body = String.join("\n", sections.stream().flatMap(s -> s.paragraphs().stream()).map(Article.Paragraph::text).toList());
            Optional<LocalDate> date = d.date;
            int[] monthDay = d.datelineMonthDay != null ? d.datelineMonthDay : d.photoMonthDay;
            if (date.isEmpty() && monthDay != null) {
                date = DateFinder.datelineDate(monthDay[0], monthDay[1], body, fileText);
            }
            if (date.isEmpty() && !d.masthead) {
                date = newsletterDate;
            }
            String title = d.title.isEmpty() ? inferTitle(body) : d.title;
            out.add(new Article(idBase + "-a" + (++index), fileName, d.line, title, d.subtitle, d.byline, date,
                    d.source, sections));
        }
        return out;
    }

    /** An untitled article (a fragment of a page) is named by its first sentence, shortened. */
    private static String inferTitle(String body) {
        String first = ChineseText.sentences(body).stream().findFirst().orElse(body).strip();
        first = first.replaceAll("[。！？；!?;]+$", "");
        return first.length() > 30 ? first.substring(0, 30) + "…" : first;
    }

    /** An article being built. */
    private static final class Draft {
        final int line;
        String title = "";
        int titleLevel;
        String subtitle = "";
        String byline = "";
        String source = "";
        Optional<LocalDate> date = Optional.empty();
        int[] datelineMonthDay;
        int[] photoMonthDay;
        boolean ended;
        boolean masthead;
        final List<SectionDraft> sections = new ArrayList<>();

        Draft(int line) {
            this.line = line;
        }

        void section(String heading) {
            sections.add(new SectionDraft(heading));
        }

        void paragraph(String text, int line) {
            if (sections.isEmpty()) {
                sections.add(new SectionDraft(""));
            }
            sections.get(sections.size() - 1).paragraphs.add(new Article.Paragraph(text, line));
        }

        int paragraphCount() {
            return sections.stream().mapToInt(s -> s.paragraphs.size()).sum();
        }
    }

    private static final class SectionDraft {
        final String heading;
        final List<Article.Paragraph> paragraphs = new ArrayList<>();

        SectionDraft(String heading) {
            this.heading = heading;
        }
    }
}
