package org.policybot.retrieval.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.retrieval.text.ChineseText;

/**
 * A real three-page PDF (made here, made-up text): its extracted text marks where pages 2
 * and 3 start and is otherwise what it was, its passages keep their lines, and each passage
 * and sentence is found on its page, also a sentence the reader joined across a page break.
 */
class PdfPagesTest {

    static final String TITLE = "庚山市失业保险金申领指南";
    static final String PAGE1 = "在庚山市参加失业保险并缴费满一年的失业人员，非因本人意愿中断就业的，可以申领失业保险金。";
    static final String FACT = "庚山市失业保险金按照当地最低工资标准的百分之九十按月发放。";
    static final String CUT_HEAD = "领取失业保险金期间，失业人员应当每月到经办机构报告求职情况，未按时报告的，暂停发放当月的失业保";
    static final String CUT_TAIL = "险金，补报后恢复发放。";
    static final String PAGE3 = "失业人员重新就业或者应征服兵役的，停止领取失业保险金。";

    @TempDir
    Path dir;

    Path pdf;

    @BeforeEach
    void write() {
        assumeTrue(TestDocuments.chineseFont().isPresent(), "needs the WenQuanYi font (fonts-wqy-zenhei) to write Chinese PDFs");
        pdf = TestDocuments.pagedPdf(dir.resolve("gengshan.pdf"), TITLE,
                List.of(List.of(PAGE1), List.of(FACT, CUT_HEAD), List.of(TestDocuments.CONTINUED + CUT_TAIL, PAGE3)));
    }

    @Test
    void should_start_each_page_after_the_first_with_a_form_feed_and_change_nothing_else() throws Exception {
        String text = new ArticleReader().readAll(dir).extracted().get("gengshan.pdf");

        assertThat(text.chars().filter(c -> c == Pages.SEPARATOR).count()).isEqualTo(2);
        List<String> lines = text.lines().toList();
        assertThat(lines).filteredOn(l -> l.indexOf(Pages.SEPARATOR) >= 0)
                .satisfiesExactly(
                        l -> assertThat(l).isEqualTo("\f" + FACT),
                        l -> assertThat(l).startsWith("\f" + CUT_TAIL));
        assertThat(text.replace("\f", "")).as("the text read without page marks, as before").isEqualTo(withoutPageMarks());
    }

    @Test
    void should_keep_passage_lines_on_the_lines_of_the_extracted_text() throws Exception {
        ArticleReader.Corpus corpus = new ArticleReader().readAll(dir);
        String text = corpus.extracted().get("gengshan.pdf");
        List<String> lines = text.lines().toList();

        List<Passage> passages = new Chunker().chunkAll(corpus.articles());

        assertThat(passages).isNotEmpty().allSatisfy(p -> {
            String line = lines.get(p.line() - 1).replace("\f", "");
            assertThat(ChineseText.compact(p.body())).startsWith(ChineseText.compact(line));
        });
    }

    @Test
    void should_find_each_passage_and_sentence_on_its_page() throws Exception {
        ArticleReader.Corpus corpus = new ArticleReader().readAll(dir);
        String text = corpus.extracted().get("gengshan.pdf");
        Pages pages = Pages.of("gengshan.pdf", text);
        List<Passage> passages = new Chunker().chunkAll(corpus.articles());

        Passage first = passages.get(0);
        assertThat(Pages.pageOfLine(first.file(), text, first.line())).isEqualTo(1);
        // Short paragraphs are merged into one passage across page breaks: a sentence is on its own page all the same.
        Passage fact = passages.stream().filter(p -> p.text().contains(FACT)).findFirst().orElseThrow();
        assertThat(pages.pageOf(FACT, fact.line())).isEqualTo(2);
        // The reader joins the sentence cut by the page break ("失业保|险金"): it starts on page 2.
        Passage cut = passages.stream().filter(p -> p.text().contains("当月的失业保险金，补报后恢复发放。")).findFirst()
                .orElseThrow();
        assertThat(pages.pageOf("未按时报告的，暂停发放当月的失业保险金，补报后恢复发放。", cut.line())).isEqualTo(2);
        assertThat(pages.pageOf(PAGE3, cut.line())).isEqualTo(3);
        assertThat(pages.pageOf(PAGE1, 1)).isEqualTo(1);
    }

    @Test
    void should_mark_no_pages_in_a_web_page_whose_blocks_are_called_page() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("notice.html"), "<html><body><h1>" + TITLE + "</h1>"
                + "<div class=\"page\"><p>" + PAGE1 + "</p></div><div class=\"page\"><p>" + FACT + "</p></div></body></html>");

        String text = new ArticleReader().readAll(dir).extracted().get("notice.html");

        assertThat(text).contains(FACT).doesNotContain("\f");
    }

    /** The PDF's text as the reader gave it before pages were marked. */
    private String withoutPageMarks() throws Exception {
        BlockHandler handler = new BlockHandler(DocumentReader.DEFAULT_MAX_CHARS).blankLinesSeparateBlocks();
        try (TikaInputStream in = TikaInputStream.get(pdf)) {
            new AutoDetectParser().parse(in, handler, new Metadata(), new ParseContext());
        }
        return handler.text(false);
    }
}
