package org.policybot.bot.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.MadeUpCorpus;
import org.policybot.bot.api.Json;
import org.policybot.bot.messages.Messages;
import org.policybot.retrieval.ingest.Ocr;

/**
 * End to end over a scanned PDF (a page image made here, no text layer), a photographed
 * notice saved as a PNG, a notice pasted as a picture into a Word file and one shown on a saved
 * web page: the real Tesseract reads them at indexing, a question about it is answered quoting the text read, and the
 * citation says the text came from a scan; a text article's citation does not.
 */
class ScannedAnswersTest {

    static final File FONT = new File("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc");

    @TempDir
    static Path dir;

    static MadeUpCorpus corpus;

    @BeforeAll
    static void write() throws Exception {
        assumeTrue(FONT.isFile(), "needs the WenQuanYi font (fonts-wqy-zenhei) to draw the scan");
        assumeTrue(Ocr.onPath().available(), "needs Tesseract with chi_sim (tesseract-ocr tesseract-ocr-chi-sim)");
        corpus = MadeUpCorpus.in(dir).article("jianxi.txt", "涧西区公交卡办理须知",
                "涧西区老年人公交卡在区政务服务中心办理，申请人需携带身份证和一寸照片。");
        scan(corpus.articles().resolve("qinghe.pdf"), List.of("青禾县取暖补贴通知",
                "低保家庭每户每月取暖补贴一百五十元。",
                "申请人到便民服务中心办理。",
                "补贴于每年十一月发放。"));
        photo(corpus.articles().resolve("zhetang.png"), List.of("柘塘镇独居老人助餐通知",
                "八十周岁以上独居老人每餐补助六元。",
                "老人到社区食堂登记后即可用餐。"));
        wordWithPicture(corpus.articles().resolve("shiquan.docx"), "石泉镇敬老院开放探视安排",
                "石泉镇敬老院每周三上午开放家属探视。", List.of("石泉镇敬老院理发服务通知",
                        "院内老人每月免费理发两次。",
                        "理发师每月五日和二十日上门。"));
        savedPage(corpus.articles(), "luqiao", "鹿桥街道社区活动中心开放时间", "鹿桥街道社区活动中心每天上午八点开放。",
                List.of("鹿桥街道旧衣回收通知",
                        "旧衣回收箱设在社区活动中心门口。",
                        "每月第一个周六集中清运。"));
    }

    /** A web page saved by a browser ({@code NAME.html} and {@code NAME_files/}), showing a notice's picture under its text. */
    static void savedPage(Path folder, String name, String heading, String paragraph, List<String> pictured) throws Exception {
        Path pictures = java.nio.file.Files.createDirectories(folder.resolve(name + "_files"));
        javax.imageio.ImageIO.write(page(pictured), "png", pictures.resolve("notice.png").toFile());
        java.nio.file.Files.writeString(folder.resolve(name + ".html"), "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
                + "<title>" + heading + "</title></head><body><nav><a href=\"/\">首页</a></nav><article><h1>" + heading
                + "</h1><p>" + paragraph + "</p><p><img src=\"" + name + "_files/notice.png\"></p></article></body></html>");
    }

    /** A Word file of a title and a paragraph, with a notice pasted in as a picture (a screenshot of its lines). */
    static void wordWithPicture(Path file, String title, String paragraph, List<String> pictured) throws Exception {
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(page(pictured), "png", png);
        try (org.apache.poi.xwpf.usermodel.XWPFDocument d = new org.apache.poi.xwpf.usermodel.XWPFDocument()) {
            d.createParagraph().createRun().setText(title);
            d.createParagraph().createRun().setText(paragraph);
            d.createParagraph().createRun().addPicture(new java.io.ByteArrayInputStream(png.toByteArray()),
                    org.apache.poi.xwpf.usermodel.Document.PICTURE_TYPE_PNG, "notice.png",
                    org.apache.poi.util.Units.toEMU(400), org.apache.poi.util.Units.toEMU(560));
            try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(file)) {
                d.write(out);
            }
        }
    }

    /** A photographed notice saved as a PNG file: the lines drawn as on a page, the first as a title. */
    static void photo(Path file, List<String> lines) throws Exception {
        javax.imageio.ImageIO.write(page(lines), "png", file.toFile());
    }

    /** A 300 dpi A4 page image of the lines (the first as a title), as the only content of a PDF page. */
    static void scan(Path file, List<String> lines) throws Exception {
        BufferedImage image = page(lines);
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                cs.drawImage(LosslessFactory.createFromImage(doc, image), 0, 0, PDRectangle.A4.getWidth(),
                        PDRectangle.A4.getHeight());
            }
            doc.save(file.toFile());
        }
    }

    /** A 300 dpi A4 image of the lines, the first larger as a title. */
    static BufferedImage page(List<String> lines) throws Exception {
        BufferedImage image = new BufferedImage(2480, 3508, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        java.awt.Font font = java.awt.Font.createFont(java.awt.Font.TRUETYPE_FONT, FONT);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        int y = 420;
        for (int i = 0; i < lines.size(); i++) {
            g.setFont(font.deriveFont(i == 0 ? 80f : 60f));
            g.drawString(lines.get(i), i == 0 ? 300 : 220, y);
            y += i == 0 ? 260 : 150;
        }
        g.dispose();
        return image;
    }

    @AfterAll
    static void close() {
        if (corpus != null) {
            corpus.close();
        }
    }

    @Test
    void should_answer_from_a_scanned_pdf_and_say_the_quote_was_read_from_a_scan() {
        Answer a = corpus.ask("低保家庭取暖补贴每月多少钱？");

        assertThat(a.citations()).isNotEmpty();
        Citation first = a.citations().get(0);
        assertThat(first.file()).isEqualTo("qinghe.pdf");
        assertThat(first.ocr()).isTrue();
        assertThat(MadeUpCorpus.shown(a)).contains("一百五十元");
        assertThat(first.page()).as("a one-page scan").isEqualTo(1);
        assertThat(first.sourceLine(Messages.bundled())).endsWith("（第1页）（扫描件识别文本）");
        assertThat(Json.answer(null, a).get("citations").get(0).get("ocr").asBoolean()).isTrue();
    }

    @Test
    void should_answer_from_a_photographed_notice_saved_as_an_image_and_say_the_quote_was_read_from_a_scan() {
        Answer a = corpus.ask("八十岁以上独居老人助餐每餐补助多少？");

        assertThat(a.citations()).isNotEmpty();
        Citation first = a.citations().get(0);
        assertThat(first.file()).as(a.toString()).isEqualTo("zhetang.png");
        assertThat(first.ocr()).isTrue();
        assertThat(MadeUpCorpus.shown(a)).contains("六元");
        assertThat(first.page()).as("an image has no pages").isZero();
        assertThat(first.sourceLine(Messages.bundled())).endsWith("（扫描件识别文本）").doesNotContain("第1页");
    }

    @Test
    void should_answer_from_a_picture_in_a_word_file_and_mark_only_the_quotes_read_from_it() {
        assertOnlyPictureQuotesMarked("shiquan.docx", "石泉镇敬老院的老人每月免费理发几次？", "理发两次",
                "石泉镇敬老院星期几开放家属探视？", "每周三上午开放家属探视");
    }

    @Test
    void should_answer_from_a_picture_on_a_saved_web_page_and_mark_only_the_quotes_read_from_it() {
        assertOnlyPictureQuotesMarked("luqiao.html", "鹿桥街道的旧衣回收箱放在哪里？", "活动中心门口",
                "鹿桥街道社区活动中心每天几点开放？", "每天上午八点开放");
    }

    /**
     * A question answered from a picture in {@code file} cites its picture section, marked as
     * OCR text; one answered from the file's own text cites it unmarked.
     */
    void assertOnlyPictureQuotesMarked(String file, String askPicture, String pictureFact, String askText, String textFact) {
        Answer fromPicture = corpus.ask(askPicture);
        Answer fromText = corpus.ask(askText);

        assertThat(fromPicture.citations()).isNotEmpty();
        Citation first = fromPicture.citations().get(0);
        assertThat(first.file()).as(fromPicture.toString()).isEqualTo(file);
        assertThat(first.section()).isEqualTo(org.policybot.retrieval.ingest.Article.PICTURE_SECTION);
        assertThat(first.ocr()).isTrue();
        assertThat(MadeUpCorpus.shown(fromPicture)).contains(pictureFact);
        assertThat(first.sourceLine(Messages.bundled())).endsWith("（扫描件识别文本）");
        // the file's own text is not OCR text
        Citation own = fromText.citations().get(0);
        assertThat(own.file()).as(fromText.toString()).isEqualTo(file);
        assertThat(MadeUpCorpus.shown(fromText)).contains(textFact);
        assertThat(own.ocr()).isFalse();
    }

    @Test
    void should_mark_only_the_citations_of_the_scan_when_a_text_article_is_cited_too() {
        Answer a = corpus.ask("涧西区老年人公交卡在哪里办理？");

        assertThat(a.citations()).isNotEmpty();
        assertThat(a.citations().get(0).file()).isEqualTo("jianxi.txt");
        for (int i = 0; i < a.citations().size(); i++) {
            Citation c = a.citations().get(i);
            boolean scan = c.file().equals("qinghe.pdf") || c.file().equals("zhetang.png")
                    || c.section().equals(org.policybot.retrieval.ingest.Article.PICTURE_SECTION);
            assertThat(c.ocr()).as(c.file()).isEqualTo(scan);
            assertThat(c.sourceLine(Messages.bundled()).contains("扫描件")).as(c.file()).isEqualTo(scan);
            assertThat(Json.answer(null, a).get("citations").get(i).has("ocr")).as("the field only when true").isEqualTo(scan);
        }
    }
}
