package org.policybot.bot.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.MadeUpCorpus;
import org.policybot.retrieval.text.ChineseText;

/**
 * End to end over documents: a folder holding one Word file and one PDF (made here, made-up
 * text) is indexed, and a question about each is answered with a citation naming the file
 * and quoting its extracted text verbatim.
 */
class DocumentAnswersTest {

    static final File FONT = new File("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc");
    static final String DOCX_FACT = "丁山市灵活就业人员医疗保险缴费基数为上年度全市职工月平均工资的百分之六十。";
    static final String PDF_FACT = "戊水县生育津贴按照用人单位上年度职工月平均工资除以三十再乘以产假天数计发。";

    @TempDir
    static Path dir;

    static MadeUpCorpus corpus;

    @BeforeAll
    static void write() throws Exception {
        assumeTrue(FONT.isFile(), "needs the WenQuanYi font (fonts-wqy-zenhei) to write Chinese PDFs");
        corpus = MadeUpCorpus.in(dir);
        try (XWPFDocument d = new XWPFDocument(); OutputStream out = Files.newOutputStream(corpus.articles().resolve("dingshan.docx"))) {
            for (String p : List.of("丁山市灵活就业人员医疗保险办事指南",
                    "灵活就业人员可以在户籍所在地的社保经办机构办理医疗保险参保登记。", DOCX_FACT)) {
                d.createParagraph().createRun().setText(p);
            }
            d.write(out);
        }
        try (PDDocument doc = new PDDocument(); TrueTypeCollection ttc = new TrueTypeCollection(FONT)) {
            TrueTypeFont[] first = new TrueTypeFont[1];
            ttc.processAllFonts(f -> first[0] = first[0] == null ? f : first[0]);
            PDType0Font font = PDType0Font.load(doc, first[0], true);
            PDPage page = new PDPage();
            doc.addPage(page);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                float y = 720;
                for (String line : List.of("戊水县生育津贴申领须知", "", "职工生育或者施行计划生育手术的，可以申领生育津贴。", "",
                        PDF_FACT.substring(0, 20), PDF_FACT.substring(20))) {
                    if (!line.isEmpty()) {
                        cs.beginText();
                        cs.setFont(font, 12);
                        cs.newLineAtOffset(50, y);
                        cs.showText(line);
                        cs.endText();
                    }
                    y -= 18;
                }
            }
            doc.save(corpus.articles().resolve("wushui.pdf").toFile());
        }
    }

    @AfterAll
    static void close() {
        if (corpus != null) {
            corpus.close();
        }
    }

    @Test
    void should_answer_from_a_word_file_quoting_its_text() {
        Answer a = corpus.ask("丁山市灵活就业人员医疗保险缴费基数是多少？");

        assertThat(a.citations()).isNotEmpty();
        assertThat(a.citations().get(0).file()).isEqualTo("dingshan.docx");
        assertThat(MadeUpCorpus.shown(a)).contains(ChineseText.compact("上年度全市职工月平均工资的百分之六十"));
        assertThat(ChineseText.compact(DOCX_FACT)).contains(ChineseText.compact(a.citations().get(0).quote()));
    }

    @Test
    void should_answer_from_a_pdf_quoting_its_text_across_the_line_break() {
        Answer a = corpus.ask("戊水县生育津贴怎么计发？");

        assertThat(a.citations()).isNotEmpty();
        assertThat(a.citations().get(0).file()).isEqualTo("wushui.pdf");
        assertThat(MadeUpCorpus.shown(a)).contains(ChineseText.compact("除以三十再乘以产假天数计发"));
        assertThat(a.citations()).anySatisfy(c -> {
            assertThat(c.file()).isEqualTo("wushui.pdf");
            assertThat(ChineseText.compact(c.quote())).contains("除以三十再乘以产假天数计发");
        });
    }
}
