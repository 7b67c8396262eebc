package org.policybot.retrieval.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.policybot.retrieval.text.ChineseText;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Receives Tika's XHTML and keeps it as a small tree, then turns it into lines: headings,
 * paragraphs, list items, and table rows (cells joined by " | "; a table whose cells hold
 * paragraphs is page layout and is read as paragraphs). For web pages it drops what is not
 * the page's own text: scripts and styles, navigation, headers, footers, side bars, forms,
 * blocks that are mostly links, and then keeps only the main content: the {@code <article>}
 * or {@code <main>} element when there is one, else the element holding the most text
 * (a readability-like pick), plus the page's top heading when it stands outside it.
 */
final class BlockHandler extends DefaultHandler {

    /** Thrown when a document produces more text than allowed. */
    static final class TooMuchText extends SAXException {
        TooMuchText(long max) {
            super("more than " + max + " characters of text");
        }

        static boolean isCauseOf(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof TooMuchText) {
                    return true;
                }
            }
            return false;
        }
    }

    static final String CELL_SEPARATOR = " | ";

    private static final Set<String> DROPPED = Set.of("head", "title", "script", "style", "noscript", "template", "nav",
            "aside", "form", "select", "button", "iframe", "object", "embed", "svg", "canvas", "input", "textarea",
            "footer", "header", "menu");
    private static final Set<String> BLOCKS = Set.of("p", "li", "dd", "dt", "blockquote", "pre", "caption", "address",
            "figcaption", "div", "section", "article", "main", "ul", "ol", "dl", "table", "tr", "td", "th", "tbody",
            "thead", "tfoot", "body", "html", "center", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "form", "fieldset");
    private static final Set<String> LEAF_BLOCKS = Set.of("p", "li", "dd", "dt", "pre", "caption", "address", "figcaption",
            "blockquote");
    /** Words of a class or id that mark web-page chrome: the data file {@code policybot/web-page-chrome.txt}. */
    static final List<String> CHROME_WORDS = chromeWords();
    private static final Pattern CHROME = Pattern.compile("(^|[\\s_-])(" + String.join("|", CHROME_WORDS.stream().map(Pattern::quote).toList()) + ")([\\s_-]|\\d|$)",
            Pattern.CASE_INSENSITIVE);

    private static List<String> chromeWords() {
        try (var in = BlockHandler.class.getClassLoader().getResourceAsStream("policybot/web-page-chrome.txt")) {
            if (in == null) {
                throw new IllegalStateException("policybot/web-page-chrome.txt is missing from the classpath");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
                    .map(l -> l.replaceAll("#.*", "").strip()).filter(l -> !l.isEmpty())
                    .flatMap(l -> java.util.Arrays.stream(l.split("\\s+"))).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Whether an element's class and id name it as page chrome (a listed word as a whole part of a name). */
    static boolean chromeName(String classAndId) {
        return !classAndId.isEmpty() && CHROME.matcher(classAndId).find();
    }

    private static final Pattern HEADING = Pattern.compile("h([1-6])");
    private static final char LINE_BREAK = '\u2028';
    private static final Pattern BLANK_LINE = Pattern.compile("\\r?\\n[ \\t\\u00a0\\u3000]*\\r?\\n");

    /** An element of the document. */
    private static final class Node {
        final String name;
        final String classAndId;
        final Node parent;
        final List<Object> children = new ArrayList<>();
        /** For a PDF's page element, its number (1, 2 …); 0 for every other element. */
        int page;
        /** For a picture ({@code <img>}), its {@code src}; null for every other element. */
        String src;

        Node(String name, String classAndId, Node parent) {
            this.name = name;
            this.classAndId = classAndId;
            this.parent = parent;
        }

        boolean within(String... names) {
            for (Node n = this; n != null; n = n.parent) {
                for (String x : names) {
                    if (n.name.equals(x)) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** The number of the PDF page this element is on; 0 when it is on none. */
        int pageNumber() {
            for (Node n = this; n != null; n = n.parent) {
                if (n.page > 0) {
                    return n.page;
                }
            }
            return 0;
        }
    }

    /** One line of output: a heading (level 1–6), a paragraph (level 0) or a table row, and the PDF page it is on (0: none). */
    private record Block(String text, int level, Node container, double linkShare, int page) {
    }

    private final long maxChars;
    private long chars;
    private final Node root = new Node("#root", "", null);
    private Node current = root;
    private boolean html;
    /** Whether a blank line inside an element's text separates blocks (the text OCR reads from a page). */
    private boolean blankLinesSeparate;
    /** Whether Tika's page elements are counted and the text marks where each page starts (a PDF). */
    private boolean pages;
    private int pageCount;
    /** Whether the text OCR reads from a picture in the document is a section of its own. */
    private boolean pictureSections;
    /** Whether the pictures of a web page's main content are noted, for their text to be read by OCR. */
    private boolean webPictures;

    BlockHandler(long maxChars) {
        this.maxChars = maxChars;
    }

    /**
     * Blank lines inside an element's text separate blocks. For a PDF: the text Tesseract reads
     * from a scanned page comes as one run of lines, its paragraphs (a title, the body) separated
     * by blank lines; a text layer's paragraphs are elements of their own and hold none.
     */
    BlockHandler blankLinesSeparateBlocks() {
        this.blankLinesSeparate = true;
        return this;
    }

    /**
     * The text marks where each PDF page starts, as pdftotext does: the first line of page n + 1
     * begins with n form feeds ({@link Pages#SEPARATOR}), one more than the page before (more
     * when pages between hold no text). The lines stay the same lines, so line numbers do not
     * move; the reader drops the form feed with the other control characters.
     */
    BlockHandler markPages() {
        this.pages = true;
        return this;
    }

    /** The text OCR reads from the document's pictures becomes sections of their own (a Word file). */
    BlockHandler pictureSections() {
        this.pictureSections = true;
        return this;
    }

    /**
     * The pictures ({@code <img>}) of a web page's main content are noted where they stand, and
     * {@link #text(boolean, Function)} asks for the text OCR reads from each.
     */
    BlockHandler webPictures() {
        this.webPictures = true;
        return this;
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes atts) {
        String name = (localName == null || localName.isEmpty() ? qName : localName).toLowerCase(Locale.ROOT);
        String cls = "";
        if (atts != null) {
            String c = atts.getValue("class");
            String id = atts.getValue("id");
            cls = ((c == null ? "" : c) + " " + (id == null ? "" : id)).strip();
        }
        Node n = new Node(name, cls, current);
        if (pages && name.equals("div") && cls.equals("page")) {
            // Tika's PDF parser wraps each page, its text layer and the text OCR reads from it, in <div class="page">.
            n.page = ++pageCount;
        }
        if (name.equals("img") && atts != null) {
            n.src = atts.getValue("src");
        }
        current.children.add(n);
        current = n;
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
        if (current.parent != null) {
            current = current.parent;
        }
    }

    @Override
    public void characters(char[] ch, int start, int length) throws SAXException {
        chars += length;
        if (chars > maxChars) {
            throw new TooMuchText(maxChars);
        }
        List<Object> c = current.children;
        if (!c.isEmpty() && c.get(c.size() - 1) instanceof StringBuilder sb) {
            sb.append(ch, start, length);
        } else {
            c.add(new StringBuilder().append(ch, start, length));
        }
    }

    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
        characters(ch, start, length);
    }

    /** The document's first h1 (after chrome is dropped), or "". */
    String firstTopHeading() {
        for (Block b : blocks(true)) {
            if (b.level() == 1) {
                return b.text();
            }
        }
        return "";
    }

    /** The document as the reader's text: one block per line, blank lines between. */
    String text(boolean webPage) {
        return text(webPage, src -> List.of());
    }

    /**
     * The same, with the text of the web page's pictures (when {@link #webPictures()} noted them):
     * {@code pictures} gives the paragraphs OCR reads from the picture a {@code src} names (none
     * when it names nothing readable). Each picture of the main content with text is a section of
     * its own after the page's text, as in a Word file: a section between the page's own would
     * take the paragraphs after it for its own.
     */
    String text(boolean webPage, Function<String, List<String>> pictures) {
        this.html = webPage;
        List<Block> blocks = blocks(webPage);
        if (webPage) {
            blocks = mainContent(blocks);
        }
        List<String> sources = blocks.stream().filter(b -> b.level() == PICTURE_PLACE).map(Block::text).distinct().toList();
        if (!sources.isEmpty()) {
            List<Block> withPictures = new ArrayList<>(blocks.stream().filter(b -> b.level() != PICTURE_PLACE).toList());
            for (String src : sources) {
                List<String> paragraphs = pictures.apply(src);
                if (chineseCount(paragraphs) >= MIN_PICTURE_CHARACTERS) {
                    withPictures.add(new Block(Article.PICTURE_SECTION, PICTURE_HEADING, root, 0, 0));
                    paragraphs.forEach(p -> withPictures.add(new Block(p, 0, root, 0, 0)));
                }
            }
            blocks = withPictures;
        }
        List<String> lines = headingLines(blocks);
        if (pages) {
            lines = withPageSeparators(lines, blocks);
        }
        return String.join("\n\n", lines) + (lines.isEmpty() ? "" : "\n");
    }

    /** Each line that starts a page after the first prefixed with a form feed per page passed. */
    private static List<String> withPageSeparators(List<String> lines, List<Block> blocks) {
        List<String> out = new ArrayList<>(lines.size());
        int page = 1;
        for (int i = 0; i < lines.size(); i++) {
            int on = blocks.get(i).page();
            String line = lines.get(i);
            if (on > page) {
                line = String.valueOf(Pages.SEPARATOR).repeat(on - page) + line;
                page = on;
            }
            out.add(line);
        }
        return out;
    }

    private List<Block> blocks(boolean webPage) {
        this.html = webPage;
        List<Block> out = new ArrayList<>();
        walk(root, out);
        if (webPage) {
            out.removeIf(b -> b.level() == 0 && b.linkShare() > 0.6 && !b.text().contains("。"));
        }
        return out;
    }

    private boolean dropped(Node n) {
        boolean tag = DROPPED.contains(n.name);
        boolean chrome = tag || html && chromeName(n.classAndId);
        if (!chrome) {
            return false;
        }
        // Inside the article, its own header and whatever its parts are called belong to it.
        boolean insideArticle = n.parent != null && n.parent.within("article", "main");
        return !(insideArticle && (!tag || n.name.equals("header")));
    }

    private void walk(Node n, List<Block> out) {
        if (n != root && dropped(n)) {
            return;
        }
        var heading = HEADING.matcher(n.name);
        if (heading.matches() && embeddedName(n)) {
            return;
        }
        if (pictureSections && n.name.equals("div") && hasClass(n, "ocr")) {
            pictureText(n, out);
            return;
        }
        if (heading.matches()) {
            addBlocks(out, n, Integer.parseInt(heading.group(1)), n.parent);
            return;
        }
        if (n.name.equals("table") && isDataTable(n)) {
            rows(n, n, out);
            return;
        }
        if (LEAF_BLOCKS.contains(n.name) && !hasBlockChild(n)) {
            addBlocks(out, n, 0, n.parent);
            return;
        }
        // A container: runs of inline content between its block children are paragraphs.
        Node run = new Node("#run", "", n);
        for (Object child : n.children) {
            if (child instanceof Node c && (BLOCKS.contains(c.name) || HEADING.matcher(c.name).matches()
                    || DROPPED.contains(c.name))) {
                addBlocks(out, run, 0, n);
                run.children.clear();
                walk(c, out);
            } else {
                run.children.add(child);
            }
        }
        addBlocks(out, run, 0, n);
    }

    /**
     * The text OCR read from a picture of a document (a notice photographed into a Word file),
     * as a section of its own ({@link Article#PICTURE_SECTION}) whose citations are marked as
     * read by OCR: paragraphs at blank lines, the printed lines of each joined. A picture with
     * fewer than {@link #MIN_PICTURE_CHARACTERS} Chinese characters (a logo, a photo of
     * people) gives nothing: what OCR reads there is noise.
     */
    private void pictureText(Node n, List<Block> out) {
        boolean before = blankLinesSeparate;
        blankLinesSeparate = true;
        List<String> lines;
        try {
            lines = lines(n, new int[2]);
        } finally {
            blankLinesSeparate = before;
        }
        if (chineseCount(lines) < MIN_PICTURE_CHARACTERS) {
            return;
        }
        out.add(new Block(Article.PICTURE_SECTION, PICTURE_HEADING, n.parent, 0, 0));
        for (String line : lines) {
            out.add(new Block(line, 0, n.parent, 0, 0));
        }
    }

    private static long chineseCount(List<String> lines) {
        return lines.stream().flatMapToInt(String::codePoints).filter(ChineseText::isCjk).count();
    }

    /** The fewest Chinese characters a picture's OCR text needs to be kept. */
    static final int MIN_PICTURE_CHARACTERS = 8;
    /** The level of the block that marks where a web page's picture stands; its text is the picture's {@code src}. */
    private static final int PICTURE_PLACE = -1;
    /** The level of a picture's section heading: a top section of the document, whatever its own headings. */
    private static final int PICTURE_HEADING = 99;

    /**
     * The heading Tika writes before a file embedded in the document (a picture in a Word file:
     * {@code <div class="package-entry"><h1>image1.png</h1>}): the file's name, not a heading of the text.
     */
    private static boolean embeddedName(Node heading) {
        return heading.parent != null && heading.parent.name.equals("div") && hasClass(heading.parent, "package-entry");
    }

    /** Whether an element carries the class (or id). */
    private static boolean hasClass(Node n, String name) {
        return java.util.Arrays.asList(n.classAndId.split(" ")).contains(name);
    }

    /** A table is data (rows of cells) unless a cell holds paragraphs, lists or another table. */
    private static boolean isDataTable(Node table) {
        for (Object c : table.children) {
            if (c instanceof Node n && !n.name.equals("table") && !isDataTableContent(n)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDataTableContent(Node n) {
        if (n.name.equals("td") || n.name.equals("th")) {
            return !hasBlockDescendant(n);
        }
        for (Object c : n.children) {
            if (c instanceof Node k && (k.name.equals("table") || !isDataTableContent(k))) {
                return false;
            }
        }
        return true;
    }

    /**
     * A cell holding a table, list, heading or quote, or more than three paragraphs, is page
     * layout. (Word processors write each cell as one or a few paragraphs: still data.)
     */
    private static boolean hasBlockDescendant(Node n) {
        int[] paragraphs = new int[1];
        return structured(n, paragraphs) || paragraphs[0] > 3;
    }

    private static boolean structured(Node n, int[] paragraphs) {
        for (Object c : n.children) {
            if (c instanceof Node k) {
                if (k.name.matches("table|ul|ol|dl|blockquote|h[1-6]")) {
                    return true;
                }
                if (k.name.equals("p") || k.name.equals("div")) {
                    paragraphs[0]++;
                }
                if (structured(k, paragraphs)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean hasBlockChild(Node n) {
        for (Object c : n.children) {
            if (c instanceof Node k && (BLOCKS.contains(k.name) || HEADING.matcher(k.name).matches())) {
                return true;
            }
        }
        return false;
    }

    private void rows(Node n, Node table, List<Block> out) {
        for (Object c : n.children) {
            if (!(c instanceof Node k) || dropped(k)) {
                continue;
            }
            if (k.name.equals("tr")) {
                List<String> cells = new ArrayList<>();
                for (Object cc : k.children) {
                    if (cc instanceof Node cell && (cell.name.equals("td") || cell.name.equals("th"))) {
                        String t = String.join(" ", lines(cell, new int[2]));
                        cells.add(t);
                    }
                }
                while (!cells.isEmpty() && cells.get(cells.size() - 1).isEmpty()) {
                    cells.remove(cells.size() - 1);
                }
                if (cells.stream().anyMatch(s -> !s.isEmpty())) {
                    out.add(new Block(String.join(CELL_SEPARATOR, cells), 0, table.parent == null ? table : table.parent, 0,
                            k.pageNumber()));
                }
            } else {
                rows(k, table, out);
            }
        }
    }

    private void addBlocks(List<Block> out, Node n, int level, Node container) {
        int[] counts = new int[2];
        List<String> lines = lines(n, counts);
        double linkShare = counts[0] == 0 ? 0 : (double) counts[1] / counts[0];
        int page = n.pageNumber();
        for (String line : lines) {
            out.add(new Block(line, level, container, linkShare, page));
        }
        if (webPictures) {
            pictures(n, container, out);
        }
    }

    /** A mark for each picture inside the element (outside what is dropped), in document order. */
    private void pictures(Node n, Node container, List<Block> out) {
        for (Object c : n.children) {
            if (c instanceof Node k && !dropped(k)) {
                if (k.src != null && !k.src.isBlank()) {
                    out.add(new Block(k.src, PICTURE_PLACE, container, 0, 0));
                }
                pictures(k, container, out);
            }
        }
    }

    /** The text of an element as lines (line breaks split it), with its character and link-character counts. */
    private List<String> lines(Node n, int[] counts) {
        StringBuilder raw = new StringBuilder();
        collect(n, raw, counts, false);
        String text = blankLinesSeparate ? BLANK_LINE.matcher(raw).replaceAll(String.valueOf(LINE_BREAK)) : raw.toString();
        List<String> out = new ArrayList<>();
        for (String segment : text.split(String.valueOf(LINE_BREAK))) {
            String line = joinLines(segment);
            if (!line.isEmpty()) {
                out.add(line);
            }
        }
        return out;
    }

    private void collect(Node n, StringBuilder raw, int[] counts, boolean inLink) {
        for (Object c : n.children) {
            if (c instanceof StringBuilder sb) {
                raw.append(sb);
                int visible = ChineseText.visibleLength(sb.toString());
                counts[0] += visible;
                if (inLink) {
                    counts[1] += visible;
                }
            } else if (c instanceof Node k) {
                if (dropped(k)) {
                    continue;
                }
                if (k.name.equals("br") || k.name.equals("p") || k.name.equals("div") || k.name.equals("li")) {
                    raw.append(LINE_BREAK);
                }
                collect(k, raw, counts, inLink || k.name.equals("a"));
                if (k.name.equals("p") || k.name.equals("div") || k.name.equals("li")) {
                    raw.append(LINE_BREAK);
                }
            }
        }
    }

    /**
     * One block's text on one line: the lines a PDF breaks a paragraph into are joined (with
     * no space between Chinese characters, one space between words), runs of spaces become one.
     */
    static String joinLines(String segment) {
        StringBuilder sb = new StringBuilder();
        for (String part : segment.split("[\\r\\n]+")) {
            String p = part.replaceAll("[\\s\\u00a0]+", " ").strip();
            if (p.isEmpty()) {
                continue;
            }
            if (!sb.isEmpty() && !(wide(sb.charAt(sb.length() - 1)) || wide(p.charAt(0)))) {
                sb.append(' ');
            }
            sb.append(p);
        }
        return sb.toString();
    }

    private static boolean wide(char c) {
        return c >= 0x2E80 || (c >= 0x3000 && c <= 0x303F);
    }

    /**
     * The main content of a web page: inside {@code <article>}/{@code <main>} when present,
     * else under the element whose paragraphs hold the most text (each block counts fully for
     * its container and half for the container's parent).
     */
    private List<Block> mainContent(List<Block> blocks) {
        List<Block> marked = blocks.stream().filter(b -> b.container().within("article", "main")).toList();
        if (!marked.isEmpty()) {
            return withTitle(blocks, marked);
        }
        Map<Node, Double> score = new HashMap<>();
        for (Block b : blocks) {
            if (b.level() == PICTURE_PLACE) {
                continue;
            }
            double len = ChineseText.visibleLength(b.text()) * (1 - b.linkShare());
            score.merge(b.container(), len, Double::sum);
            if (b.container().parent != null) {
                score.merge(b.container().parent, len / 2, Double::sum);
            }
        }
        Node best = score.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
        if (best == null || best == root) {
            return blocks;
        }
        List<Block> kept = blocks.stream().filter(b -> descends(b.container(), best)).toList();
        return withTitle(blocks, kept);
    }

    /** The kept blocks, preceded by the page's first top-level heading when it is outside them. */
    private static List<Block> withTitle(List<Block> all, List<Block> kept) {
        if (kept.isEmpty() || kept.stream().anyMatch(b -> b.level() == 1)) {
            return kept;
        }
        int firstKept = all.indexOf(kept.get(0));
        for (int i = 0; i < firstKept; i++) {
            if (all.get(i).level() >= 1 && all.get(i).level() <= 2) {
                List<Block> out = new ArrayList<>();
                out.add(all.get(i));
                out.addAll(kept);
                return out;
            }
        }
        return kept;
    }

    private static boolean descends(Node n, Node ancestor) {
        for (Node x = n; x != null; x = x.parent) {
            if (x == ancestor) {
                return true;
            }
        }
        return false;
    }

    /**
     * Headings as Markdown: a first heading that no other heading outranks is the title (#),
     * the others follow from their level (##, ### …), so one document reads as one article;
     * with no such title, the top headings are sections (##).
     */
    private static List<String> headingLines(List<Block> blocks) {
        int min = blocks.stream().filter(b -> b.level() > 0 && b.level() != PICTURE_HEADING).mapToInt(Block::level).min()
                .orElse(0);
        boolean titled = !blocks.isEmpty() && blocks.get(0).level() == min && min > 0
                && blocks.stream().skip(1).noneMatch(b -> b.level() > 0 && b.level() <= min);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            String text = b.text();
            if (b.level() == 0) {
                // A paragraph that starts like a Markdown heading must not be read as one.
                out.add(text.startsWith("#") ? "\u200B" + text : text);
                continue;
            }
            int level = b.level() == PICTURE_HEADING ? 2
                    : titled ? (i == 0 ? 1 : Math.min(6, b.level() - min + 1)) : Math.min(6, b.level() - min + 2);
            out.add("#".repeat(level) + " " + text);
        }
        return out;
    }
}
