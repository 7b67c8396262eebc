package org.policybot.retrieval.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Scanned PDFs read by the real Tesseract, and what happens without it. */
class ScannedPdfTest {

    /** A made-up notice, as a scanner would give it: a title and three short sentences. */
    static final List<String> NOTICE = List.of("青禾县取暖补贴通知",
            "低保家庭每户每月取暖补贴一百五十元。",
            "申请人到便民服务中心办理。",
            "补贴于每年十一月发放。");

    @TempDir
    Path dir;

    @Test
    void should_read_a_page_without_a_text_layer_by_ocr_and_mark_its_articles() throws Exception {
        assumeTrue(TestDocuments.chineseFont().isPresent(), "needs the WenQuanYi font (fonts-wqy-zenhei) to draw the scan");
        assumeTrue(TestDocuments.tesseractWithChinese(), "needs Tesseract with chi_sim (tesseract-ocr tesseract-ocr-chi-sim)");
        // given: a scanned notice and a normal PDF beside it
        TestDocuments.scannedPdf(dir.resolve("scan.pdf"), NOTICE);
        TestDocuments.pdf(dir.resolve("guide.pdf"), TestDocuments.Guide.sample("失业保险"), Optional.empty(), Optional.empty(),
                Optional.empty());

        // when
        long start = System.nanoTime();
        ArticleReader.Corpus corpus = new ArticleReader().readAll(dir);
        long millis = (System.nanoTime() - start) / 1_000_000;

        // then: the scan's text is read (OCR may misread a character: the assertions take what it reads reliably)
        assertThat(corpus.problems()).isEmpty();
        assertThat(corpus.files()).containsExactlyInAnyOrder("scan.pdf", "guide.pdf");
        String text = corpus.extracted().get("scan.pdf").replaceAll("\\s+", "");
        assertThat(text).contains("取暖补贴", "每户每月", "一百五十元", "便民服务中心");
        List<Article> scanned = corpus.articles().stream().filter(a -> a.file().equals("scan.pdf")).toList();
        assertThat(scanned).first().satisfies(a -> {
            // Tesseract's blank line after the title keeps it a title, not the start of the first paragraph.
            assertThat(a.title()).contains("取暖补贴通知").doesNotContain("低保家庭");
            assertThat(a.bodyText().replaceAll("\\s+", "")).contains("每户每月").doesNotContain("通知");
        });
        assertThat(scanned).isNotEmpty().allSatisfy(a -> {
            assertThat(a.fromOcr()).isTrue();
            assertThat(a.info()).containsEntry(Article.OCR, "true");
        });
        assertThat(corpus.articles().stream().filter(a -> a.file().equals("guide.pdf")))
                .as("a PDF with a text layer is not OCRed, so not marked").isNotEmpty().noneMatch(Article::fromOcr);
        LoggerFactory.getLogger(ScannedPdfTest.class).info("Read a scanned page and a normal PDF in {} ms", millis);
    }

    @Test
    void should_mark_where_each_scanned_page_starts() throws Exception {
        assumeTrue(TestDocuments.chineseFont().isPresent(), "needs the WenQuanYi font (fonts-wqy-zenhei) to draw the scan");
        assumeTrue(TestDocuments.tesseractWithChinese(), "needs Tesseract with chi_sim (tesseract-ocr tesseract-ocr-chi-sim)");
        // given: a scanned notice of two pages
        TestDocuments.scannedPdfPages(dir.resolve("scan.pdf"), List.of(NOTICE.subList(0, 2), NOTICE.subList(2, 4)));

        // when
        ArticleReader.Corpus corpus = new ArticleReader().readAll(dir);

        // then: the text Tesseract read from page 2 starts after the page mark, and is found on page 2
        String text = corpus.extracted().get("scan.pdf");
        assertThat(text.chars().filter(c -> c == Pages.SEPARATOR).count()).isEqualTo(1);
        String page2 = text.substring(text.indexOf(Pages.SEPARATOR)).replaceAll("\\s+", "");
        assertThat(page2).contains("便民服务中心").doesNotContain("每户每月");
        Pages pages = Pages.of("scan.pdf", text);
        Passage passage = new Chunker().chunkAll(corpus.articles()).stream()
                .filter(p -> p.text().replaceAll("\\s+", "").contains("便民服务中心")).findFirst().orElseThrow();
        String sentence = passage.sentences().stream().filter(s -> s.contains("便民服务中心")).findFirst().orElseThrow();
        assertThat(pages.pageOf(sentence, passage.line())).isEqualTo(2);
        assertThat(pages.pageOf(passage.sentences().get(0), passage.line())).isEqualTo(1);
    }

    @Test
    void should_not_mark_or_slow_a_pdf_with_a_text_layer() throws Exception {
        assumeTrue(TestDocuments.chineseFont().isPresent(), "needs the WenQuanYi font (fonts-wqy-zenhei) to write Chinese PDFs");
        TestDocuments.pdf(dir.resolve("guide.pdf"), TestDocuments.Guide.sample("失业保险"), Optional.empty(), Optional.empty(),
                Optional.empty());

        ArticleReader.Corpus corpus = new ArticleReader().readAll(dir);

        assertThat(corpus.articles()).isNotEmpty().noneMatch(Article::fromOcr);
        assertThat(corpus.articles()).allSatisfy(a -> assertThat(a.info()).doesNotContainKey(Article.OCR));
    }

    @Test
    void should_skip_a_scanned_pdf_saying_ocr_is_unavailable_and_warn_once_when_tesseract_is_missing() throws Exception {
        assumeTrue(TestDocuments.chineseFont().isPresent(), "needs the WenQuanYi font (fonts-wqy-zenhei) to draw the scan");
        // given: two scans, and Tesseract set to a program that does not exist
        TestDocuments.scannedPdf(dir.resolve("scan1.pdf"), NOTICE);
        TestDocuments.scannedPdf(dir.resolve("scan2.pdf"), NOTICE.subList(0, 2));
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Ocr.class);
        logger.addAppender(logs);
        try {
            // when
            ArticleReader.Corpus corpus = new ArticleReader(ArticleReader.Limits.DEFAULT,
                    new Ocr(dir.resolve("missing").resolve("tesseract").toString())).readAll(dir);

            // then: both skipped as before, the reason naming the packages; one warning for the run
            assertThat(corpus.articles()).isEmpty();
            assertThat(corpus.problems()).hasSize(2).allSatisfy(p -> assertThat(p.message())
                    .startsWith("no text layer (a scanned PDF?): OCR is unavailable (")
                    .contains("is not installed").contains("tesseract-ocr tesseract-ocr-chi-sim"));
            assertThat(logs.list).filteredOn(e -> e.getLevel() == Level.WARN).singleElement()
                    .satisfies(e -> assertThat(e.getFormattedMessage()).contains("OCR of scanned PDF pages, images and pictures in Word files and web pages is off")
                            .contains("tesseract-ocr tesseract-ocr-chi-sim").contains("chatbot.retrieval.tesseract"));
        } finally {
            logger.detachAppender(logs);
        }
    }

    @Test
    void should_give_up_a_scan_whose_ocr_outlasts_the_document_timeout_and_say_how_to_allow_more() throws Exception {
        assumeTrue(TestDocuments.chineseFont().isPresent(), "needs the WenQuanYi font (fonts-wqy-zenhei) to draw the scan");
        assumeTrue(TestDocuments.tesseractWithChinese(), "needs Tesseract with chi_sim (tesseract-ocr tesseract-ocr-chi-sim)");
        // given: a scan that takes Tesseract seconds, and a one-second limit
        TestDocuments.scannedPdf(dir.resolve("scan.pdf"), NOTICE);

        ArticleReader.Corpus corpus = new ArticleReader(new ArticleReader.Limits(ArticleReader.Limits.DEFAULT_MAX_DOCUMENT_BYTES,
                java.time.Duration.ofSeconds(1)), Ocr.onPath()).readAll(dir);

        assertThat(corpus.articles()).isEmpty();
        assertThat(corpus.problems()).singleElement().satisfies(p -> assertThat(p.message())
                .startsWith("parsing took longer than 1 s").contains("scanned PDF").contains("document-timeout-seconds"));
    }

    @Test
    void should_find_tesseract_on_the_path_or_at_a_path_and_nothing_at_a_missing_one() {
        assumeTrue(TestDocuments.tesseractWithChinese(), "needs Tesseract with chi_sim (tesseract-ocr tesseract-ocr-chi-sim)");
        Path onPath = Ocr.locate("tesseract").orElseThrow();

        assertThat(new Ocr(onPath.toString()).available()).isTrue();
        assertThat(new Ocr(onPath.toString()).find().languages()).startsWith("chi_sim");
        assertThat(Ocr.locate(dir.resolve("tesseract").toString())).isEmpty();
        assertThat(Ocr.locate("no-such-program-here")).isEmpty();
    }
}
