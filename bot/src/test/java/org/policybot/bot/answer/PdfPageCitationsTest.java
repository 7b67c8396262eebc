package org.policybot.bot.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.MadeUpCorpus;
import org.policybot.bot.api.Json;
import org.policybot.bot.messages.Messages;
import org.policybot.retrieval.text.ChineseText;

/**
 * End to end over a three-page PDF (made here, made-up text) beside a text article and a Word
 * file: a quote from the PDF names the page it starts on, in the citation, the answer JSON and
 * the source line every channel shows; a sentence cut by a page break and joined by the reader
 * is cited on the page it starts on; text and Word citations have no page. Search hits of the
 * PDF give the page their passage starts on.
 */
class PdfPageCitationsTest {

    static final File FONT = new File("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc");
    static final String PAGE1 = "在庚山市参加失业保险并缴费满一年的失业人员，非因本人意愿中断就业的，可以申领失业保险金。";
    static final String FACT = "庚山市失业保险金按照当地最低工资标准的百分之九十按月发放。";
    /** A sentence the page break after page 2 cuts inside a word ("失业保|险金"). */
    static final String CUT_HEAD = "领取失业保险金期间，失业人员应当每月到经办机构报告求职情况，未按时报告的，暂停发放当月的失业保";
    static final String CUT_TAIL = "险金，补报后恢复发放。";
    static final String PAGE3 = "失业人员重新就业或者应征服兵役的，停止领取失业保险金。";

    @TempDir
    static Path dir;

    static MadeUpCorpus corpus;

    @BeforeAll
    static void write() throws Exception {
        assumeTrue(FONT.isFile(), "needs the WenQuanYi font (fonts-wqy-zenhei) to write Chinese PDFs");
        corpus = MadeUpCorpus.in(dir).article("xinhe.txt", "辛河区公租房申请须知",
                "为做好辛河区公租房保障工作，现将申请公租房的有关事项告知如下。",
                "一、申请条件",
                "辛河区公租房面向本区户籍的低收入住房困难家庭，家庭人均月收入低于两千元的可以申请。");
        try (XWPFDocument d = new XWPFDocument();
             OutputStream out = Files.newOutputStream(corpus.articles().resolve("renshan.docx"))) {
            for (String p : List.of("壬山县临时救助办事指南", "壬山县临时救助金由乡镇人民政府审核后五个工作日内发放到申请人账户。")) {
                d.createParagraph().createRun().setText(p);
            }
            d.write(out);
        }
        pdf(corpus.articles().resolve("gengshan.pdf"), "庚山市失业保险金申领指南",
                List.of(List.of(PAGE1), List.of(FACT, CUT_HEAD), List.of(CUT_TAIL, PAGE3)));
    }

    /**
     * A PDF of A4 pages: the title atop the first, then each page's paragraphs in lines of 30
     * characters, the first line indented unless it continues a paragraph the page break cut.
     */
    static void pdf(Path file, String title, List<List<String>> pages) throws Exception {
        try (PDDocument doc = new PDDocument(); TrueTypeCollection ttc = new TrueTypeCollection(FONT)) {
            TrueTypeFont[] first = new TrueTypeFont[1];
            ttc.processAllFonts(f -> first[0] = first[0] == null ? f : first[0]);
            PDType0Font font = PDType0Font.load(doc, first[0], true);
            for (int i = 0; i < pages.size(); i++) {
                PDPage page = new PDPage(PDRectangle.A4);
                doc.addPage(page);
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    float y = 780;
                    if (i == 0) {
                        y = line(cs, font, 18, 60, y, title) - 14;
                    }
                    for (String p : pages.get(i)) {
                        boolean continues = p.equals(CUT_TAIL);
                        for (int at = 0; at < p.length(); at += 30) {
                            y = line(cs, font, 12, at == 0 && !continues ? 74 : 50, y, p.substring(at, Math.min(p.length(), at + 30)));
                        }
                        y -= 10;
                    }
                }
            }
            doc.save(file.toFile());
        }
    }

    private static float line(PDPageContentStream cs, PDType0Font font, float size, float x, float y, String text) throws Exception {
        cs.beginText();
        cs.setFont(font, size);
        cs.newLineAtOffset(x, y);
        cs.showText(text);
        cs.endText();
        return y - size * 1.5f;
    }

    @AfterAll
    static void close() {
        if (corpus != null) {
            corpus.close();
        }
    }

    @Test
    void should_cite_the_page_of_the_pdf_a_quote_is_on() {
        Answer a = corpus.ask("庚山市失业保险金按什么标准发放？");

        Citation c = a.citations().stream().filter(x -> ChineseText.compact(x.quote()).contains("百分之九十")).findFirst()
                .orElseThrow();
        assertThat(c.file()).isEqualTo("gengshan.pdf");
        assertThat(c.page()).as("the passage starts on page 1; the sentence is on page 2").isEqualTo(2);
        assertThat(c.sourceLine(Messages.bundled())).startsWith("庚山市失业保险金申领指南（").endsWith("）（第2页）");
        JsonNode json = Json.answer(null, a).get("citations").get(a.citations().indexOf(c));
        assertThat(json.get("page").asInt()).isEqualTo(2);
        assertThat(json.get("section").asText()).isEqualTo(c.section());
        assertThat(json.get("quote").asText()).isEqualTo(c.quote());
    }

    @Test
    void should_cite_a_sentence_joined_across_a_page_break_on_the_page_it_starts_on() {
        Answer a = corpus.ask("庚山市领取失业保险金期间没有按时报告求职情况会怎样？");

        Citation c = a.citations().stream().filter(x -> ChineseText.compact(x.quote()).contains("暂停发放当月的失业保险金"))
                .findFirst().orElseThrow();
        assertThat(c.file()).isEqualTo("gengshan.pdf");
        assertThat(ChineseText.compact(c.quote())).contains("失业保险金，补报后恢复发放");
        assertThat(c.page()).isEqualTo(2);
    }

    @Test
    void should_give_text_and_word_citations_their_section_and_no_page() {
        Answer text = corpus.ask("辛河区公租房申请条件是什么？");
        Answer word = corpus.ask("壬山县临时救助金多久发放？");

        Citation t = text.citations().stream().filter(c -> c.file().equals("xinhe.txt")).findFirst().orElseThrow();
        Citation w = word.citations().stream().filter(c -> c.file().equals("renshan.docx")).findFirst().orElseThrow();
        assertThat(t.section()).isEqualTo("一、申请条件");
        assertThat(List.of(t, w)).allSatisfy(c -> {
            assertThat(c.page()).isZero();
            assertThat(c.sourceLine(Messages.bundled())).doesNotContain("页");
        });
        JsonNode json = Json.answer(null, text).get("citations").get(text.citations().indexOf(t));
        assertThat(json.has("page")).as("the field only for a PDF").isFalse();
        assertThat(json.get("section").asText()).isEqualTo("一、申请条件");
    }

    @Test
    void should_give_search_hits_of_the_pdf_the_page_their_passage_starts_on() {
        var result = corpus.answers().searcher().search("庚山市失业保险金", List.of(), 5);

        JsonNode hits = Json.searchResult(null, "庚山市失业保险金", result).get("hits");
        assertThat(hits).isNotEmpty().allSatisfy(h -> {
            if (h.get("file").asText().equals("gengshan.pdf")) {
                assertThat(h.get("page").asInt()).isBetween(1, 3);
            } else {
                assertThat(h.has("page")).isFalse();
            }
        });
        assertThat(hits).anySatisfy(h -> assertThat(h.get("file").asText()).isEqualTo("gengshan.pdf"));
    }

    @Test
    void should_read_the_page_and_section_back_from_the_answer_json() {
        Answer a = corpus.ask("庚山市失业保险金按什么标准发放？");

        Answer back = Json.readAnswer(Json.answer(null, a));

        assertThat(back.citations()).isEqualTo(a.citations());
    }
}
