package org.policybot.retrieval.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image files of a notice (a photo or a scan saved as PNG, JPEG or TIFF) read by the real Tesseract. */
class ScannedImageTest {

    /** A made-up notice: a title and three short sentences. */
    static final List<String> NOTICE = List.of("柘塘镇独居老人助餐通知",
            "八十周岁以上独居老人每餐补助六元。",
            "老人到社区食堂登记后即可用餐。",
            "补助从每月老人卡余额中抵扣。");

    @TempDir
    Path dir;

    @Test
    void should_read_png_jpeg_and_tiff_notices_by_ocr_and_mark_their_articles() throws Exception {
        assumeTrue(TestDocuments.chineseFont().isPresent(), "needs the WenQuanYi font (fonts-wqy-zenhei) to draw the scan");
        assumeTrue(TestDocuments.tesseractWithChinese(), "needs Tesseract with chi_sim (tesseract-ocr tesseract-ocr-chi-sim)");
        // given: the same notice in three image formats
        TestDocuments.scannedImage(dir.resolve("notice.png"), NOTICE, "png");
        TestDocuments.scannedImage(dir.resolve("photo.jpg"), NOTICE, "jpeg");
        TestDocuments.scannedImage(dir.resolve("scan.tif"), NOTICE, "tiff");

        // when
        ArticleReader.Corpus corpus = new ArticleReader().readAll(dir);

        // then: each is read (OCR may misread a character: the assertions take what it reads reliably)
        assertThat(corpus.problems()).isEmpty();
        assertThat(corpus.files()).containsExactlyInAnyOrder("notice.png", "photo.jpg", "scan.tif");
        for (String file : List.of("notice.png", "photo.jpg", "scan.tif")) {
            assertThat(corpus.extracted().get(file).replaceAll("\\s+", "")).as(file)
                    .contains("每餐补助", "即可用餐", "老人卡余额");
            List<Article> read = corpus.articles().stream().filter(a -> a.file().equals(file)).toList();
            assertThat(read).as(file).isNotEmpty().allSatisfy(a -> {
                assertThat(a.fromOcr()).isTrue();
                assertThat(a.info()).containsEntry(Article.OCR, "true");
            });
            // the larger first line is the title, as in a scanned PDF
            assertThat(read.get(0).title()).as(file).contains("助餐通知").doesNotContain("八十周岁");
        }
    }

    @Test
    void should_skip_an_image_saying_ocr_is_unavailable_when_tesseract_is_missing() throws Exception {
        assumeTrue(TestDocuments.chineseFont().isPresent(), "needs the WenQuanYi font (fonts-wqy-zenhei) to draw the scan");
        TestDocuments.scannedImage(dir.resolve("notice.png"), NOTICE, "png");
        Files.writeString(dir.resolve("guide.txt"), "# 柘塘镇助餐点\n\n柘塘镇社区食堂每天中午开放。\n");

        ArticleReader.Corpus corpus = new ArticleReader(ArticleReader.Limits.DEFAULT,
                new Ocr(dir.resolve("missing").resolve("tesseract").toString())).readAll(dir);

        assertThat(corpus.files()).containsExactly("guide.txt");
        assertThat(corpus.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("notice.png");
            assertThat(p.message()).startsWith("is an image, whose text only OCR can read: OCR is unavailable (")
                    .contains("is not installed").contains("tesseract-ocr tesseract-ocr-chi-sim");
        });
    }

    @Test
    void should_refuse_an_image_declaring_more_pixels_than_a_page_before_decoding_it() throws Exception {
        // given: 60 bytes that declare 200,000 × 200,000 pixels (40 gigapixels), and a text that is not an image
        TestDocuments.pngDeclaring(dir.resolve("bomb.png"), 200_000, 200_000);
        Files.writeString(dir.resolve("fake.jpg"), "这不是图片");

        ArticleReader.Corpus corpus = new ArticleReader(ArticleReader.Limits.DEFAULT,
                new Ocr(dir.resolve("missing").resolve("tesseract").toString())).readAll(dir);

        assertThat(corpus.articles()).isEmpty();
        assertThat(corpus.problems()).extracting(ArticleReader.Problem::file).containsExactlyInAnyOrder("bomb.png", "fake.jpg");
        assertThat(corpus.problems()).filteredOn(p -> p.file().equals("bomb.png")).singleElement()
                .satisfies(p -> assertThat(p.message()).isEqualTo(
                        "is an image of 200000 × 200000 pixels, more than a page scanned at 600 dpi (a decompression bomb?)"));
        assertThat(corpus.problems()).filteredOn(p -> p.file().equals("fake.jpg")).singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("is not an image this reader knows"));
    }
}
