package org.policybot.retrieval.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xml.sax.ContentHandler;

/**
 * Files that cannot be read are skipped, each with a one-line reason, and the rest of the
 * folder is read: an encrypted PDF, a damaged Word file, a zip bomb inside a Word file, an
 * unknown type, a file over the size limit, and a file whose parser hangs.
 */
class BadDocumentsTest {

    static final TestDocuments.Guide GUIDE = TestDocuments.Guide.sample("工伤保险");

    @TempDir
    Path dir;

    /** Tika's parsers, except for files named hang.*, whose parse never ends. */
    static final class HangingParser implements Parser {
        private final Parser real = new AutoDetectParser();

        @Override
        public Set<MediaType> getSupportedTypes(ParseContext context) {
            return real.getSupportedTypes(context);
        }

        @Override
        public void parse(InputStream stream, ContentHandler handler, Metadata metadata, ParseContext context)
                throws java.io.IOException, org.xml.sax.SAXException, org.apache.tika.exception.TikaException {
            if (metadata.get(TikaCoreProperties.RESOURCE_NAME_KEY).startsWith("hang.")) {
                while (true) {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        // A stubborn parser: it does not stop when interrupted.
                    }
                }
            }
            real.parse(stream, handler, metadata, context);
        }
    }

    private Map<String, String> problems(ArticleReader.Corpus corpus) {
        return corpus.problems().stream().collect(Collectors.toMap(ArticleReader.Problem::file, ArticleReader.Problem::message));
    }

    @Test
    void should_skip_each_bad_file_with_a_one_line_reason_and_read_the_rest() throws Exception {
        TestDocuments.docx(dir.resolve("good.docx"), GUIDE, Optional.empty(), Optional.empty());
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        Files.write(dir.resolve("damaged.docx"), noise);
        Files.write(dir.resolve("truncated.docx"), java.util.Arrays.copyOf(Files.readAllBytes(dir.resolve("good.docx")), 900));
        Files.writeString(dir.resolve("table.xlsx"), "not read", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("notes.zip"), "not read", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("hang.html"), "<html><body><p>永远读不完的网页。</p></body></html>", StandardCharsets.UTF_8);
        Files.write(dir.resolve("big.pdf"), new byte[300 * 1024]);
        TestDocuments.zipBomb(dir.resolve("good.docx"), dir.resolve("bomb.docx"), 40);
        Files.write(dir.resolve("empty.doc"), new byte[0]);
        try (org.apache.pdfbox.pdmodel.PDDocument scan = new org.apache.pdfbox.pdmodel.PDDocument()) {
            scan.addPage(new org.apache.pdfbox.pdmodel.PDPage());
            scan.save(dir.resolve("scan.pdf").toFile());
        }

        long start = System.nanoTime();
        ArticleReader.Corpus corpus = new ArticleReader(new ArticleReader.Limits(256 * 1024, Duration.ofSeconds(2)),
                new DocumentReader(new HangingParser(), DocumentReader.DEFAULT_MAX_CHARS)).readAll(dir);
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;

        assertThat(corpus.files()).containsExactly("good.docx");
        assertThat(corpus.articles()).singleElement().satisfies(a -> assertThat(a.title()).isEqualTo(GUIDE.title()));
        Map<String, String> problems = problems(corpus);
        assertThat(problems).containsOnlyKeys("damaged.docx", "truncated.docx", "table.xlsx", "notes.zip", "hang.html",
                "big.pdf", "bomb.docx", "empty.doc", "scan.pdf");
        assertThat(problems.values()).allSatisfy(m -> assertThat(m).doesNotContain("\n").hasSizeLessThan(260));
        assertThat(problems.get("damaged.docx")).contains("DOCX");
        assertThat(problems.get("truncated.docx")).contains("cannot be parsed as DOCX");
        assertThat(problems.get("table.xlsx")).startsWith("unknown type (.xlsx)");
        assertThat(problems.get("notes.zip")).startsWith("unknown type (.zip)");
        assertThat(problems.get("hang.html")).contains("longer than 2 s");
        assertThat(problems.get("big.pdf")).startsWith("larger than 0.3 MB").contains("max-document-mb");
        assertThat(problems.get("bomb.docx")).containsIgnoringCase("bomb");
        assertThat(problems.get("empty.doc")).contains("empty");
        assertThat(problems.get("scan.pdf")).startsWith("no text layer (a scanned PDF?)");
        assertThat(seconds).as("the hanging file costs its timeout, not more").isLessThan(30);
    }

    @Test
    void should_skip_an_encrypted_pdf() throws Exception {
        assumeTrue(TestDocuments.chineseFont().isPresent(), "needs the WenQuanYi font (fonts-wqy-zenhei) to write Chinese PDFs");
        TestDocuments.pdf(dir.resolve("locked.pdf"), GUIDE, Optional.empty(), Optional.empty(),
                Optional.of(TestDocuments.userPassword("secret")));
        TestDocuments.pdf(dir.resolve("open.pdf"), GUIDE, Optional.empty(), Optional.empty(), Optional.empty());

        ArticleReader.Corpus corpus = new ArticleReader().readAll(dir);

        assertThat(corpus.files()).containsExactly("open.pdf");
        assertThat(problems(corpus)).containsOnlyKeys("locked.pdf");
        assertThat(problems(corpus).get("locked.pdf")).isEqualTo("is encrypted (password protected): save it without a password");
    }

    @Test
    void should_default_to_50_MB_and_a_minute_per_document() {
        assertThat(ArticleReader.Limits.DEFAULT.maxDocumentBytes()).isEqualTo(50L * 1024 * 1024);
        assertThat(ArticleReader.Limits.DEFAULT.timeout()).isEqualTo(Duration.ofSeconds(60));
    }
}
