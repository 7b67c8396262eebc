package org.policybot.retrieval.ingest;

import java.util.Locale;
import org.apache.tika.extractor.ParsingEmbeddedDocumentExtractor;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.ParseContext;

/**
 * How much OCR the pictures of one Word file may take. A notice photographed or screenshotted
 * into a Word file is read like a scan, but a file of a hundred photos must not outlast the
 * document's time limit and lose its own text with them: at most {@link #MAX_PICTURES}
 * pictures are read, each within a quarter of the document's limit, and no picture is started
 * that could end past half of it. The others are skipped (and counted), not parsed at all.
 * Embedded files that are not pictures are not parsed, as without OCR.
 */
final class PictureBudget extends ParsingEmbeddedDocumentExtractor {

    /** The most pictures of one document read by OCR. */
    static final int MAX_PICTURES = 30;

    private final Allowance allowance;

    /** @param documentSeconds the time limit of the whole document */
    PictureBudget(ParseContext context, int documentSeconds) {
        super(context);
        this.allowance = new Allowance(documentSeconds);
    }

    /** The longest one picture's OCR may take. */
    static int perPictureSeconds(int documentSeconds) {
        return Math.max(1, documentSeconds / 4);
    }

    @Override
    public boolean shouldParseEmbedded(Metadata metadata) {
        if (!isPicture(metadata)) {
            // Other embedded files (a spreadsheet, an attachment) stay unread, as without OCR.
            return false;
        }
        return allowance.take() && super.shouldParseEmbedded(metadata);
    }

    /** Pictures met so far. */
    int seen() {
        return allowance.seen;
    }

    /** Pictures left unread. */
    int skipped() {
        return allowance.skipped;
    }

    /**
     * The pictures one document may still have read: at most {@link #MAX_PICTURES}, and none
     * started that could end past half of the document's time limit (the pictures of a Word
     * file, and those a web page shows).
     */
    static final class Allowance {
        private final long deadline;
        private final long perPictureNanos;
        private int seen;
        private int read;
        private int skipped;

        /** @param documentSeconds the time limit of the whole document; its clock starts now */
        Allowance(int documentSeconds) {
            this.perPictureNanos = perPictureSeconds(documentSeconds) * 1_000_000_000L;
            this.deadline = System.nanoTime() + documentSeconds * 1_000_000_000L / 2;
        }

        /** Whether one more picture may be read now; it is counted as read, or as skipped. */
        boolean take() {
            seen++;
            if (read >= MAX_PICTURES || System.nanoTime() + perPictureNanos > deadline) {
                skipped++;
                return false;
            }
            read++;
            return true;
        }

        /** Pictures met so far. */
        int seen() {
            return seen;
        }

        /** Pictures left unread. */
        int skipped() {
            return skipped;
        }
    }

    private static boolean isPicture(Metadata metadata) {
        String type = metadata.get(Metadata.CONTENT_TYPE);
        if (type != null && type.startsWith("image/")) {
            return true;
        }
        String name = metadata.get(TikaCoreProperties.RESOURCE_NAME_KEY);
        if (name == null) {
            return false;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.matches(".*\\.(png|jpe?g|gif|bmp|tiff?|emf|wmf)$");
    }
}
