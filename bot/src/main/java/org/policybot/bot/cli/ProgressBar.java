package org.policybot.bot.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.policybot.retrieval.index.BuildProgress;

/**
 * The progress of an index build on one terminal line, redrawn in place: files read (and
 * how many had to be parsed), passages, vectors computed, elapsed time and the current rate.
 * Redrawn at most every {@link #REDRAW_NANOS} (a build of thousands of files would otherwise
 * spend its time printing), and always when a phase ends.
 */
final class ProgressBar implements BuildProgress {

    static final long REDRAW_NANOS = 200_000_000L;
    static final int WIDTH = 24;

    private final PrintWriter out;
    private final LongSupplier nanos;
    private final long start;
    private long lastDraw = Long.MIN_VALUE;
    private int lastLength;
    private int files;
    private int filesTotal;
    private int parsed;
    private int passages = -1;
    private int vectors;
    private int vectorsTotal;
    private boolean writing;

    ProgressBar(PrintWriter out, LongSupplier nanos) {
        this.out = out;
        this.nanos = nanos;
        this.start = nanos.getAsLong();
    }

    @Override
    public void filesRead(int done, int total, int parsed) {
        this.files = done;
        this.filesTotal = total;
        this.parsed = parsed;
        draw(done == total);
    }

    @Override
    public void passages(int count) {
        this.passages = count;
        draw(true);
    }

    @Override
    public void vectors(int done, int total) {
        this.vectors = done;
        this.vectorsTotal = total;
        draw(done == total);
    }

    @Override
    public void writing() {
        this.writing = true;
        draw(true);
    }

    /** Ends the line, so what is printed next starts on its own. */
    void finish() {
        if (lastLength > 0) {
            out.print("\r" + " ".repeat(lastLength) + "\r");
            out.flush();
            lastLength = 0;
        }
    }

    /** The line as it stands now. */
    String line() {
        double seconds = Math.max(1e-9, (nanos.getAsLong() - start) / 1e9);
        boolean embedding = vectorsTotal > 0 && !writing;
        int done = embedding ? vectors : files;
        int total = embedding ? vectorsTotal : filesTotal;
        StringBuilder sb = new StringBuilder();
        sb.append(bar(done, total)).append(' ');
        sb.append(files).append('/').append(filesTotal).append(" files");
        if (files > 0) {
            sb.append(" (").append(parsed).append(" parsed)");
        }
        if (passages >= 0) {
            sb.append(" · ").append(passages).append(" passages");
        }
        if (vectorsTotal > 0) {
            sb.append(" · vectors ").append(vectors).append('/').append(vectorsTotal);
        }
        sb.append(" · ").append(String.format(Locale.ROOT, "%.0f s", Math.floor(seconds)));
        if (writing) {
            sb.append(" · writing the index");
        } else if (embedding) {
            sb.append(" · ").append(String.format(Locale.ROOT, "%.1f vectors/s", vectors / seconds));
        } else if (files > 0) {
            sb.append(" · ").append(String.format(Locale.ROOT, "%.1f files/s", files / seconds));
        }
        return sb.toString();
    }

    private static String bar(int done, int total) {
        int filled = total <= 0 ? 0 : (int) ((long) WIDTH * Math.min(done, total) / total);
        return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "]";
    }

    private void draw(boolean force) {
        long now = nanos.getAsLong();
        if (!force && lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        String line = line();
        // Spaces over what is left of a longer previous line.
        int pad = Math.max(0, lastLength - line.length());
        out.print("\r" + line + " ".repeat(pad));
        out.flush();
        lastLength = line.length();
    }
}
