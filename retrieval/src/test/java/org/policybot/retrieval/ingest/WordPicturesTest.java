package org.policybot.retrieval.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.ParseContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The text of pictures in Word files (a notice photographed or screenshotted into the file) read by the real Tesseract. */
class WordPicturesTest {

    @TempDir
    Path dir;

    @Test
    void should_read_a_notice_pictured_in_a_word_file_into_a_section_of_its_own() throws Exception {
        assumeTrue(TestDocuments.chineseFont().isPresent(), "needs the WenQuanYi font (fonts-wqy-zenhei) to draw the scan");
        assumeTrue(TestDocuments.tesseractWithChinese(), "needs Tesseract with chi_sim (tesseract-ocr tesseract-ocr-chi-sim)");
        // given: a Word file of two paragraphs with a scanned notice pasted between them
        Path scan = TestDocuments.scannedImage(dir.resolve("scan.png"), ScannedImageTest.NOTICE, "png");
        Path articles = Files.createDirectories(dir.resolve("articles"));
        wordFile(articles.resolve("notice.docx"), scan);

        // when
        ArticleReader.Corpus corpus = new ArticleReader().readAll(articles);

        // then: the Word file's own text is as before, and the picture's text follows in its own section
        assertThat(corpus.problems()).isEmpty();
        String text = corpus.extracted().get("notice.docx");
        assertThat(text).contains("每周三开放探视", "探视时间为上午九点至十一点。", "## " + Article.PICTURE_SECTION);
        List<Article.Section> sections = corpus.articles().stream().flatMap(a -> a.sections().stream()).toList();
        Article.Section picture = sections.stream().filter(s -> s.heading().equals(Article.PICTURE_SECTION)).findFirst().orElseThrow();
        // OCR may misread a character: the assertions take what it reads reliably; the printed lines are joined
        assertThat(String.join("", picture.paragraphs().stream().map(Article.Paragraph::text).toList()))
                .contains("每餐补助", "即可用餐", "老人卡余额");
        assertThat(sections.stream().filter(s -> !s.heading().equals(Article.PICTURE_SECTION))
                .flatMap(s -> s.paragraphs().stream()).map(Article.Paragraph::text)).noneMatch(t -> t.contains("每餐补助"));
        // the article is not a scan: only the picture's section is OCR text
        assertThat(corpus.articles()).noneMatch(Article::fromOcr);
    }

    @Test
    void should_add_nothing_for_a_picture_without_text() throws Exception {
        assumeTrue(TestDocuments.tesseractWithChinese(), "needs Tesseract with chi_sim (tesseract-ocr tesseract-ocr-chi-sim)");
        Path logo = dir.resolve("logo.png");
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(200, 200, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        g.setColor(java.awt.Color.ORANGE);
        g.fillOval(20, 20, 160, 160);
        g.dispose();
        javax.imageio.ImageIO.write(image, "png", logo.toFile());
        Path articles = Files.createDirectories(dir.resolve("articles"));
        wordFile(articles.resolve("notice.docx"), logo);

        ArticleReader.Corpus corpus = new ArticleReader().readAll(articles);

        assertThat(corpus.extracted().get("notice.docx")).doesNotContain(Article.PICTURE_SECTION).doesNotContain("#");
    }

    @Test
    void should_read_at_most_the_budgeted_pictures_of_one_document_and_no_other_embedded_files() {
        PictureBudget roomy = new PictureBudget(new ParseContext(), 600);
        for (int i = 0; i < PictureBudget.MAX_PICTURES; i++) {
            assertThat(roomy.shouldParseEmbedded(picture("image" + i + ".png"))).as("picture %d", i).isTrue();
        }
        assertThat(roomy.shouldParseEmbedded(picture("one-too-many.jpeg"))).isFalse();
        assertThat(roomy.skipped()).isEqualTo(1);
        assertThat(roomy.seen()).isEqualTo(PictureBudget.MAX_PICTURES + 1);
        Metadata spreadsheet = new Metadata();
        spreadsheet.set(TikaCoreProperties.RESOURCE_NAME_KEY, "figures.xlsx");
        assertThat(new PictureBudget(new ParseContext(), 600).shouldParseEmbedded(spreadsheet)).isFalse();
    }

    @Test
    void should_start_no_picture_that_could_end_past_half_of_the_documents_time_limit() {
        // 1 s for the document: a picture may take 1 s, so none fits in its first half second.
        PictureBudget tight = new PictureBudget(new ParseContext(), 1);

        assertThat(tight.shouldParseEmbedded(picture("image1.png"))).isFalse();
        assertThat(tight.skipped()).isEqualTo(1);
        assertThat(PictureBudget.perPictureSeconds(60)).isEqualTo(15);
    }

    private static Metadata picture(String name) {
        Metadata m = new Metadata();
        m.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
        return m;
    }

    private static void wordFile(Path file, Path picture) throws Exception {
        wordFile(file, picture, "石泉镇敬老院每周三开放探视。", "探视时间为上午九点至十一点。");
    }

    /** A Word file of the paragraphs, the picture pasted after the first. */
    private static void wordFile(Path file, Path picture, String... paragraphs) throws Exception {
        try (org.apache.poi.xwpf.usermodel.XWPFDocument d = new org.apache.poi.xwpf.usermodel.XWPFDocument()) {
            d.createParagraph().createRun().setText(paragraphs[0]);
            try (java.io.InputStream in = Files.newInputStream(picture)) {
                d.createParagraph().createRun().addPicture(in, org.apache.poi.xwpf.usermodel.Document.PICTURE_TYPE_PNG,
                        picture.getFileName().toString(), org.apache.poi.util.Units.toEMU(400), org.apache.poi.util.Units.toEMU(560));
            }
            for (int i = 1; i < paragraphs.length; i++) {
                d.createParagraph().createRun().setText(paragraphs[i]);
            }
            try (java.io.OutputStream out = Files.newOutputStream(file)) {
                d.write(out);
            }
        }
    }
}
