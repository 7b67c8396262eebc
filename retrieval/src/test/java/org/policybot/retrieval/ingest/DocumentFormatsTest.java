package org.policybot.retrieval.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.retrieval.index.IndexService;
import org.policybot.retrieval.index.LiveIndex;
import org.policybot.retrieval.text.ChineseText;

/**
 * Each document format read through Tika into the article model, from files the test makes:
 * the text comes through verbatim (it is what quotes are checked against), headings become
 * headings, table rows become rows of text, and a web page loses its navigation, side bar,
 * footer and scripts.
 */
class DocumentFormatsTest {

    static final TestDocuments.Guide GUIDE = TestDocuments.Guide.sample("失业保险");

    @TempDir
    Path dir;

    private ArticleReader.Corpus readOne(Path file) throws Exception {
        ArticleReader.Corpus corpus = new ArticleReader().readAll(file.getParent());
        assertThat(corpus.problems()).isEmpty();
        assertThat(corpus.files()).containsExactly(file.getFileName().toString());
        return corpus;
    }

    /** Paragraph and section checks shared by the formats that mark headings. */
    private static void assertGuide(ArticleReader.Corpus corpus, String file, String rowSeparator) {
        String extracted = corpus.extracted().get(file);
        assertThat(extracted).as("extracted text kept for quotes").isNotNull();
        assertThat(corpus.articles()).singleElement().satisfies(a -> {
            assertThat(a.file()).isEqualTo(file);
            assertThat(a.title()).isEqualTo(GUIDE.title());
            assertThat(a.sections()).extracting(Article.Section::heading).containsSubsequence(GUIDE.heading1(), GUIDE.heading2());
            List<String> paragraphs = a.sections().stream().flatMap(s -> s.paragraphs().stream()).map(Article.Paragraph::text).toList();
            assertThat(paragraphs).containsSubsequence(GUIDE.allParagraphs());
            for (List<String> row : GUIDE.table()) {
                assertThat(paragraphs).contains(String.join(rowSeparator, row));
            }
            Article.Section first = a.sections().stream().filter(s -> s.heading().equals(GUIDE.heading1())).findFirst().orElseThrow();
            assertThat(first.paragraphs()).extracting(Article.Paragraph::text).containsExactlyElementsOf(GUIDE.paragraphs1());
        });
        String compact = ChineseText.compact(extracted);
        for (String p : GUIDE.allParagraphs()) {
            assertThat(compact).contains(ChineseText.compact(p));
        }
        List<Passage> passages = new Chunker().chunkAll(corpus.articles());
        String passageText = String.join("\n", passages.stream().map(Passage::text).toList());
        for (String p : GUIDE.allParagraphs()) {
            assertThat(passageText).contains(p);
            assertThat(passages.stream().filter(x -> x.text().contains(p)))
                    .allSatisfy(x -> assertThat(compact).contains(ChineseText.compact(p)));
        }
        assertThat(passages).anySatisfy(x -> assertThat(x.section()).isEqualTo(GUIDE.heading1()));
    }

    @Test
    void should_read_a_word_file_with_its_headings_paragraphs_and_table() throws Exception {
        Path file = TestDocuments.docx(dir.resolve("guide.docx"), GUIDE, Optional.empty(), Optional.empty());

        ArticleReader.Corpus corpus = readOne(file);

        assertGuide(corpus, "guide.docx", " | ");
        assertThat(corpus.extracted().get("guide.docx")).startsWith("# " + GUIDE.title() + "\n\n## " + GUIDE.heading1());
        assertThat(corpus.articles().get(0).sections().get(corpus.articles().get(0).sections().size() - 1).paragraphs())
                .extracting(Article.Paragraph::text).endsWith("以上材料均需加盖单位公章。");
    }

    @Test
    void should_read_a_word_97_file_and_the_same_file_saved_as_wps() throws Exception {
        assumeTrue(TestDocuments.soffice().isPresent(), "needs LibreOffice (libreoffice-writer-nogui) to write Word 97 files");
        Path docx = TestDocuments.docx(Files.createTempDirectory("policybot-docx").resolve("guide.docx"), GUIDE,
                Optional.empty(), Optional.empty());
        Path doc = TestDocuments.word97(docx, dir.resolve("guide.doc"));
        Files.copy(doc, dir.resolve("guide.wps"));

        ArticleReader.Corpus corpus = new ArticleReader().readAll(dir);

        assertThat(corpus.problems()).isEmpty();
        assertThat(corpus.files()).containsExactlyInAnyOrder("guide.doc", "guide.wps");
        for (String file : List.of("guide.doc", "guide.wps")) {
            ArticleReader.Corpus one = new ArticleReader.Corpus(
                    corpus.articles().stream().filter(a -> a.file().equals(file)).toList(), List.of(), List.of(file),
                    java.util.Map.of(file, corpus.extracted().get(file)));
            assertGuide(one, file, " | ");
        }
    }

    @Test
    void should_name_a_microsoft_works_file_as_one_it_cannot_read() throws Exception {
        // given: an OLE2 file with the streams of a Works document, and a text file beside it
        try (org.apache.poi.poifs.filesystem.POIFSFileSystem fs = new org.apache.poi.poifs.filesystem.POIFSFileSystem();
                java.io.OutputStream out = Files.newOutputStream(dir.resolve("letter.wps"))) {
            fs.createDocument(new java.io.ByteArrayInputStream(new byte[1024]), "CONTENTS");
            fs.createDocument(new java.io.ByteArrayInputStream(new byte[1024]), "SPELLING");
            fs.writeFilesystem(out);
        }
        Files.writeString(dir.resolve("note.txt"), "# 通知\n\n石泉镇敬老院每周三开放探视。\n", StandardCharsets.UTF_8);

        ArticleReader.Corpus corpus = new ArticleReader().readAll(dir);

        assertThat(corpus.files()).containsExactly("note.txt");
        assertThat(corpus.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("letter.wps");
            assertThat(p.message()).startsWith("is a Microsoft Works file").contains("save it as .docx");
        });
    }

    @Test
    void should_not_take_the_name_of_a_picture_in_a_word_file_for_a_heading() throws Exception {
        // given: a made-up notice with a picture (a logo) between its paragraphs
        Path file = dir.resolve("notice.docx");
        java.awt.image.BufferedImage logo = new java.awt.image.BufferedImage(64, 64, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(logo, "png", png);
        try (org.apache.poi.xwpf.usermodel.XWPFDocument d = new org.apache.poi.xwpf.usermodel.XWPFDocument()) {
            d.createParagraph().createRun().setText("石泉镇敬老院每周三开放探视。");
            d.createParagraph().createRun().addPicture(new java.io.ByteArrayInputStream(png.toByteArray()),
                    org.apache.poi.xwpf.usermodel.Document.PICTURE_TYPE_PNG, "logo.png",
                    org.apache.poi.util.Units.toEMU(48), org.apache.poi.util.Units.toEMU(48));
            d.createParagraph().createRun().setText("探视时间为上午九点至十一点。");
            try (java.io.OutputStream out = Files.newOutputStream(file)) {
                d.write(out);
            }
        }

        ArticleReader.Corpus corpus = readOne(file);

        // then: the text is the two paragraphs; the picture's file name (image1.png) is not a section
        assertThat(corpus.extracted().get("notice.docx")).contains("每周三开放探视", "上午九点").doesNotContain("image1")
                .doesNotContain("#");
        assertThat(corpus.articles()).flatExtracting(Article::sections).extracting(Article.Section::heading)
                .noneMatch(h -> h.contains("image"));
    }

    @Test
    void should_read_a_pdf_joining_the_lines_of_its_paragraphs() throws Exception {
        assumeTrue(TestDocuments.chineseFont().isPresent(), "needs the WenQuanYi font (fonts-wqy-zenhei) to write Chinese PDFs");
        Path file = TestDocuments.pdf(dir.resolve("guide.pdf"), GUIDE, Optional.empty(), Optional.empty(), Optional.empty());

        ArticleReader.Corpus corpus = readOne(file);

        // A PDF has no table markup: its rows are lines of cells separated by spaces, never headings.
        assertGuide(corpus, "guide.pdf", " ");
    }

    @Test
    void should_read_only_the_main_content_of_a_web_page() throws Exception {
        Path file = dir.resolve("guide.html");
        Files.writeString(file, TestDocuments.html(GUIDE), StandardCharsets.UTF_8);

        ArticleReader.Corpus corpus = readOne(file);

        assertGuide(corpus, "guide.html", " | ");
        String everything = corpus.extracted().get("guide.html") + corpus.articles();
        assertThat(everything).doesNotContain("网站首页", "无障碍浏览", "机构概况", "政策法规", "当前位置", "相关链接", "热点问答",
                "下载中心", "版权所有", "备案号", "统计脚本", "页面访问统计", "color:red", "某市人力资源和社会保障局");
    }

    @Test
    void should_read_a_web_page_whose_text_is_in_an_article_element_and_a_layout_table() throws Exception {
        String page = "<html><head><title>通知</title></head><body><table><tr><td><a href='/'>首页</a></td>"
                + "<td><a href='/x'>新闻中心</a></td></tr></table>"
                + "<article><h1>关于调整取暖补贴的通知</h1><p>各街道：</p><p>自2025年11月1日起，低保家庭每户每月取暖补贴150元。</p></article>"
                + "<div class='foot'>联系我们 网站地图</div></body></html>";
        Files.writeString(dir.resolve("notice.htm"), page, StandardCharsets.UTF_8);

        ArticleReader.Corpus corpus = readOne(dir.resolve("notice.htm"));

        assertThat(corpus.articles()).singleElement().satisfies(a -> {
            assertThat(a.title()).isEqualTo("关于调整取暖补贴的通知");
            assertThat(a.bodyText()).isEqualTo("各街道：\n自2025年11月1日起，低保家庭每户每月取暖补贴150元。");
        });
        assertThat(corpus.extracted().get("notice.htm")).doesNotContain("首页", "新闻中心", "联系我们");
    }

    @Test
    void should_drop_page_chrome_named_by_each_word_of_the_data_file() throws Exception {
        // given: per word, a made-up page whose chrome block is named by it, in a compound class name
        for (String word : BlockHandler.CHROME_WORDS) {
            String page = "<html><body><div class='site-" + word + "2'>蓝湖镇便民服务站 导览 栏目 页签</div>"
                    + "<div><h1>青禾县便民卡办理须知</h1><p>申请人携带身份证到青禾县便民服务中心办理，当场发卡。</p>"
                    + "<p>便民卡不收取工本费。</p></div></body></html>";
            Files.writeString(dir.resolve("chrome-" + word + ".html"), page, StandardCharsets.UTF_8);
        }

        // when
        ArticleReader.Corpus corpus = new ArticleReader().readAll(dir);

        // then
        assertThat(corpus.problems()).isEmpty();
        for (String word : BlockHandler.CHROME_WORDS) {
            assertThat(corpus.extracted().get("chrome-" + word + ".html")).as(word)
                    .contains("当场发卡").doesNotContain("蓝湖镇便民服务站");
        }
    }

    @Test
    void should_take_a_chrome_word_only_as_a_whole_part_of_a_class_name() {
        assertThat(BlockHandler.chromeName("top-nav")).isTrue();
        assertThat(BlockHandler.chromeName("site_footer main")).isTrue();
        assertThat(BlockHandler.chromeName("nav2")).isTrue();
        // "topic" holds "top", "download" holds "ad": words inside other words are not chrome
        assertThat(BlockHandler.chromeName("topic")).isFalse();
        assertThat(BlockHandler.chromeName("download")).isFalse();
        assertThat(BlockHandler.chromeName("content article-body")).isFalse();
        assertThat(BlockHandler.chromeName("")).isFalse();
    }

    @Test
    void should_read_an_rtf_file() throws Exception {
        StringBuilder rtf = new StringBuilder("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 SimSun;}}\\uc1\\pard ");
        for (String p : List.of(GUIDE.title(), GUIDE.paragraphs1().get(0), GUIDE.paragraphs1().get(1))) {
            for (char c : p.toCharArray()) {
                rtf.append(c < 128 ? String.valueOf(c) : "\\u" + (short) c + "?");
            }
            rtf.append("\\par\n");
        }
        rtf.append('}');
        Files.writeString(dir.resolve("guide.rtf"), rtf, StandardCharsets.US_ASCII);

        ArticleReader.Corpus corpus = readOne(dir.resolve("guide.rtf"));

        assertThat(corpus.articles()).singleElement().satisfies(a -> {
            assertThat(a.title()).isEqualTo(GUIDE.title());
            assertThat(a.bodyText()).isEqualTo(String.join("\n", GUIDE.paragraphs1()));
        });
    }

    @Test
    void should_take_title_and_date_from_document_properties_and_the_sidecar_over_both() throws Exception {
        TestDocuments.docx(dir.resolve("a.docx"), GUIDE, Optional.of("失业保险金申领办事指南（2024年版）"),
                Optional.of("2024-03-01T02:00:00Z"));
        TestDocuments.docx(dir.resolve("b.docx"), GUIDE, Optional.of("Microsoft Word - b.docx"), Optional.empty());
        TestDocuments.docx(dir.resolve("c.docx"), GUIDE, Optional.of("属性里的标题"), Optional.of("2024-03-01T02:00:00Z"));
        Files.writeString(dir.resolve("c.meta.yaml"), """
                # 人工核对过的元数据
                title: "甲川市失业保险金申领办事指南"
                date: 2024-05-20
                issuer: 甲川市人力资源和社会保障局
                number: 甲人社发〔2024〕12号
                region: 甲川市
                source: https://example.org/c.html
                """, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("d.txt"), "乙岭县取暖补贴通知\n\n2023年1月5日，乙岭县发布取暖补贴通知。\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("d.meta.yaml"), "date: 2023年2月1日\nregion: 乙岭县\ncolour: blue\n", StandardCharsets.UTF_8);

        ArticleReader.Corpus corpus = new ArticleReader().readAll(dir);

        assertThat(corpus.articles()).extracting(Article::file).containsExactly("a.docx", "b.docx", "c.docx", "d.txt");
        Article a = corpus.articles().get(0);
        assertThat(a.title()).isEqualTo("失业保险金申领办事指南（2024年版）");
        assertThat(a.date()).contains(LocalDate.of(2024, 3, 1));
        Article b = corpus.articles().get(1);
        assertThat(b.title()).as("a program's own property title is not a title").isEqualTo(GUIDE.title());
        Article c = corpus.articles().get(2);
        assertThat(c.title()).isEqualTo("甲川市失业保险金申领办事指南");
        assertThat(c.date()).contains(LocalDate.of(2024, 5, 20));
        assertThat(c.source()).isEqualTo("https://example.org/c.html");
        assertThat(c.info()).containsEntry("issuer", "甲川市人力资源和社会保障局").containsEntry("number", "甲人社发〔2024〕12号")
                .containsEntry("region", "甲川市");
        Article d = corpus.articles().get(3);
        assertThat(d.title()).isEqualTo("乙岭县取暖补贴通知");
        assertThat(d.date()).contains(LocalDate.of(2023, 2, 1));
        assertThat(d.info()).containsEntry("region", "乙岭县");
        assertThat(corpus.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("d.txt");
            assertThat(p.message()).contains("unknown key colour");
        });
        assertThat(corpus.extracted()).containsOnlyKeys("a.docx", "b.docx", "c.docx");
    }

    @Test
    void should_keep_the_extracted_text_in_the_index_beside_the_articles() throws Exception {
        Path articles = Files.createDirectories(dir.resolve("articles"));
        TestDocuments.docx(articles.resolve("guide.docx"), GUIDE, Optional.empty(), Optional.empty());
        Files.writeString(articles.resolve("plain.txt"), "一篇文本\n\n文本文件的内容就是它自己。\n", StandardCharsets.UTF_8);

        try (IndexService index = new IndexService(articles, dir.resolve("index"), dir.resolve("vectors.bin"), Optional::empty,
                new Chunker())) {
            IndexService.BuildResult r = index.rebuild();
            LiveIndex live = index.live();

            assertThat(r.problems()).isEmpty();
            assertThat(live.generation().extracted()).containsOnlyKeys("guide.docx");
            assertThat(live.generation().extracted().get("guide.docx")).contains(GUIDE.paragraphs2().get(0));
            assertThat(live.generation().articles().values()).extracting(Article::file).containsExactlyInAnyOrder("guide.docx", "plain.txt");
        }
    }
}
