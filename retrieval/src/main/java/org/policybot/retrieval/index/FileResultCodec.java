package org.policybot.retrieval.index;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.BufferUnderflowException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.policybot.retrieval.ingest.Article;
import org.policybot.retrieval.ingest.ReadCache;

/**
 * One file's read result in the parse cache's binary form: counts and line numbers as
 * 32-bit integers, texts as their UTF-16 code units (a Chinese character takes two bytes,
 * not UTF-8's three, and is copied rather than decoded), -1 for a missing text. Reading
 * 10,000 results this way takes a fraction of what parsing as many gzipped JSON files did.
 */
final class FileResultCodec {

    private FileResultCodec() {
    }

    static byte[] encode(ReadCache.FileResult result) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(result.articles().size());
            for (Article a : result.articles()) {
                writeText(out, a.id());
                writeText(out, a.file());
                out.writeInt(a.line());
                writeText(out, a.title());
                writeText(out, a.subtitle());
                writeText(out, a.byline());
                writeText(out, a.date().map(LocalDate::toString).orElse(null));
                writeText(out, a.source());
                Map<String, String> info = new TreeMap<>(a.info());
                out.writeInt(info.size());
                for (Map.Entry<String, String> e : info.entrySet()) {
                    writeText(out, e.getKey());
                    writeText(out, e.getValue());
                }
                out.writeInt(a.sections().size());
                for (Article.Section s : a.sections()) {
                    writeText(out, s.heading());
                    out.writeInt(s.paragraphs().size());
                    for (Article.Paragraph p : s.paragraphs()) {
                        writeText(out, p.text());
                        out.writeInt(p.line());
                    }
                }
            }
            writeText(out, result.extracted());
            out.writeInt(result.problems().size());
            for (String problem : result.problems()) {
                writeText(out, problem);
            }
            writeText(out, result.failure());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // written to memory: cannot happen
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException when the bytes are not a whole result */
    static ReadCache.FileResult decode(ByteBuffer in) {
        try {
            int articleCount = count(in);
            List<Article> articles = new ArrayList<>(articleCount);
            for (int i = 0; i < articleCount; i++) {
                String id = readText(in);
                String file = readText(in);
                int line = in.getInt();
                String title = readText(in);
                String subtitle = readText(in);
                String byline = readText(in);
                String date = readText(in);
                String source = readText(in);
                int infoCount = count(in);
                Map<String, String> info = new HashMap<>();
                for (int k = 0; k < infoCount; k++) {
                    info.put(readText(in), readText(in));
                }
                int sectionCount = count(in);
                List<Article.Section> sections = new ArrayList<>(sectionCount);
                for (int s = 0; s < sectionCount; s++) {
                    String heading = readText(in);
                    int paragraphCount = count(in);
                    List<Article.Paragraph> paragraphs = new ArrayList<>(paragraphCount);
                    for (int p = 0; p < paragraphCount; p++) {
                        paragraphs.add(new Article.Paragraph(readText(in), in.getInt()));
                    }
                    sections.add(new Article.Section(heading, paragraphs));
                }
                articles.add(new Article(id, file, line, title, subtitle, byline,
                        date == null ? Optional.empty() : Optional.of(LocalDate.parse(date)), source, sections, info));
            }
            String extracted = readText(in);
            int problemCount = count(in);
            List<String> problems = new ArrayList<>(problemCount);
            for (int i = 0; i < problemCount; i++) {
                problems.add(readText(in));
            }
            String failure = readText(in);
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("bytes left after the result");
            }
            return new ReadCache.FileResult(articles, extracted, problems, failure);
        } catch (BufferUnderflowException | DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("not a whole read result", e);
        }
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        if (text == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(text.length());
        ByteBuffer chars = ByteBuffer.allocate(text.length() * Character.BYTES);
        chars.asCharBuffer().put(text);
        out.write(chars.array());
    }

    private static String readText(ByteBuffer in) {
        int length = in.getInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > in.remaining() / Character.BYTES) {
            throw new IllegalArgumentException("bad text length " + length);
        }
        char[] chars = new char[length];
        in.asCharBuffer().get(chars);
        in.position(in.position() + length * Character.BYTES);
        return new String(chars);
    }

    private static int count(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) {
            throw new IllegalArgumentException("bad count " + n);
        }
        return n;
    }
}
