package org.policybot.retrieval.ingest;

import java.util.Arrays;
import java.util.Locale;
import org.policybot.retrieval.text.ChineseText;

/**
 * The pages of a PDF's extracted text. The reader marks where each page starts as pdftotext
 * does: the first line of a page after the first begins with a form feed ({@link #SEPARATOR}),
 * one per page passed (a page with no text adds one more). So the extracted text alone, as
 * stored with the index, says on which page a line, or a quote, stands; nothing else has to
 * carry a table of pages. Files of other types are not paginated: their page is 0.
 *
 * <p>Build one with {@link #of} and ask it {@link #pageOf(String, int)} for a quote, or
 * {@link #pageOfLine(String, String, int)} for a line without building one.
 */
public final class Pages {

    /** What starts each page after the first in a PDF's extracted text: a form feed (U+000C). */
    public static final char SEPARATOR = '\f';

    /** The text with whitespace removed (separators included), as {@link ChineseText#compact} gives it. */
    private final String compact;
    /** Where each page starts in {@link #compact}: page 1 at 0. */
    private final int[] pageStarts;
    /** Where each line (1-based, index 0 is line 1) starts in {@link #compact}. */
    private final int[] lineStarts;
    /** The page each line is on. */
    private final int[] linePages;

    private Pages(String compact, int[] pageStarts, int[] lineStarts, int[] linePages) {
        this.compact = compact;
        this.pageStarts = pageStarts;
        this.lineStarts = lineStarts;
        this.linePages = linePages;
    }

    /** Whether a file's text is divided into pages: a PDF's. */
    public static boolean paginated(String fileName) {
        return fileName != null && fileName.toLowerCase(Locale.ROOT).endsWith(".pdf");
    }

    /**
     * The pages of a file's extracted text; null when the file is not a PDF or there is no text.
     * Lines are counted as the reader counts them ("\n", "\r\n" and "\r" each end one).
     */
    public static Pages of(String fileName, String text) {
        if (!paginated(fileName) || text == null) {
            return null;
        }
        StringBuilder compact = new StringBuilder(text.length());
        int[] pageStarts = new int[8];
        int pages = 1;
        int[] lineStarts = new int[64];
        int[] linePages = new int[64];
        linePages[0] = 1;
        int lines = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (lines == lineStarts.length) {
                    lineStarts = Arrays.copyOf(lineStarts, lines * 2);
                    linePages = Arrays.copyOf(linePages, lines * 2);
                }
                lineStarts[lines] = compact.length();
                linePages[lines] = pages;
                lines++;
            } else if (c == SEPARATOR) {
                if (pages == pageStarts.length) {
                    pageStarts = Arrays.copyOf(pageStarts, pages * 2);
                }
                pageStarts[pages++] = compact.length();
                // The separator opens its line: the line is on the new page.
                linePages[lines - 1] = pages;
            } else if (!ChineseText.isSpace(c)) {
                compact.append(c);
            }
        }
        return new Pages(compact.toString(), Arrays.copyOf(pageStarts, pages), Arrays.copyOf(lineStarts, lines),
                Arrays.copyOf(linePages, lines));
    }

    /**
     * The page a line of a file's extracted text is on (1-based, line 1 being the first): 0 when
     * the file is not a PDF, there is no text or no such line. Reads the text up to the line,
     * keeping nothing: for a passage's page (its first line's).
     */
    public static int pageOfLine(String fileName, String text, int line) {
        if (!paginated(fileName) || text == null || line < 1) {
            return 0;
        }
        int page = 1;
        int at = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (at == line && c != SEPARATOR) {
                return page;
            }
            if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                at++;
            } else if (c == SEPARATOR) {
                page++;
            }
        }
        return at == line ? page : 0;
    }

    /** The text with whitespace (and separators) removed: what quotes are looked for in. */
    public String compact() {
        return compact;
    }

    /** The number of pages (at least 1). */
    public int count() {
        return pageStarts.length;
    }

    /** The page a line is on; 0 when there is no such line. */
    public int pageOfLine(int line) {
        return line >= 1 && line <= linePages.length ? linePages[line - 1] : 0;
    }

    /**
     * The page a quote starts on: its first occurrence (whitespace aside) from the start of
     * line {@code fromLine} on (the line its passage starts on), else anywhere in the text; the
     * page of {@code fromLine} when the quote does not occur (a quote joined from separate
     * places), 0 when neither is known.
     */
    public int pageOf(String quote, int fromLine) {
        String q = ChineseText.compact(quote == null ? "" : quote);
        int at = -1;
        if (!q.isEmpty()) {
            int from = fromLine >= 1 && fromLine <= lineStarts.length ? lineStarts[fromLine - 1] : 0;
            at = compact.indexOf(q, from);
            if (at < 0) {
                at = compact.indexOf(q);
            }
        }
        if (at < 0) {
            return pageOfLine(fromLine);
        }
        int i = Arrays.binarySearch(pageStarts, at);
        // A page with no text starts where the next one does: the quote is on the last of them.
        if (i >= 0) {
            while (i + 1 < pageStarts.length && pageStarts[i + 1] == at) {
                i++;
            }
            return i + 1;
        }
        return -i - 1;
    }
}
