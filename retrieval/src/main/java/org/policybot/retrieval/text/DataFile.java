package org.policybot.retrieval.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A knowledge file on the class path: tab-separated columns, one row per line, blank lines
 * and lines starting with "#" left out. A bad row is reported by file and line.
 */
public final class DataFile {

    private DataFile() {
    }

    /** One data line with its place. */
    public record Row(String resource, int line, String[] cells) {

        /** Reads the row; a failure names the file and line. */
        public <T> T parse(Function<String[], T> reader) {
            try {
                return reader.apply(cells);
            } catch (RuntimeException e) {
                throw new IllegalStateException(resource + " line " + line + ": " + e.getMessage(), e);
            }
        }
    }

    /** The rows of a resource, each of exactly {@code columns} cells, stripped. */
    public static List<Row> rows(String resource, int columns) {
        InputStream in = DataFile.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("missing resource " + resource);
        }
        List<Row> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = r.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.strip().split("\t");
                if (cells.length != columns) {
                    throw new IllegalStateException(resource + " line " + number + ": expected " + columns
                            + " tab-separated columns, found " + cells.length);
                }
                for (int k = 0; k < cells.length; k++) {
                    cells[k] = cells[k].strip();
                }
                out.add(new Row(resource, number, cells));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
        return out;
    }
}
