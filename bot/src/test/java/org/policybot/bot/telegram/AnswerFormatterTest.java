package org.policybot.bot.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.policybot.bot.answer.Answer;
import org.policybot.bot.answer.Citation;
import org.policybot.bot.messages.Messages;
import org.policybot.retrieval.ingest.Passage;
import org.policybot.retrieval.search.Hit;
import org.policybot.retrieval.search.SearchResult;

class AnswerFormatterTest {

    final AnswerFormatter formatter = new AnswerFormatter(Messages.bundled());

    static Answer answer(String text, List<Citation> citations) {
        return new Answer("问题", text, citations, false, Answer.Mode.EXTRACTIVE, 0.9);
    }

    @Test
    void should_escape_html_characters_in_answer_text_and_source_titles() {
        Answer a = answer("缴费基数<上限 & 下限>的规定[1]", List.of(
                new Citation(1, "p1", "关于A&B<通知>", "a.txt", "2025-12-02", "缴费基数<上限 & 下限>的规定")));

        Reply reply = formatter.answer(a, "Ab3dE5gH7j");

        assertThat(reply.html()).startsWith("缴费基数&lt;上限 &amp; 下限&gt;的规定[1]")
                .contains("\n[1] 关于A&amp;B&lt;通知&gt;（2025-12-02）");
        assertThat(TelegramHtml.problems(reply.html())).isEmpty();
    }

    @Test
    void should_list_the_sources_and_give_one_short_button_per_citation() {
        List<Citation> citations = List.of(
                new Citation(1, "p1", "标题一", "a.txt", "2025-12-02", "第一句。"),
                new Citation(2, "p2", "标题二", "b.txt", null, "第二句。"),
                new Citation(3, "p3", "标题三", "c.txt", "2025-11-01", "第三句。"),
                new Citation(4, "p4", "标题四", "d.txt", "2025-10-01", "第四句。"),
                new Citation(5, "p5", "标题五", "e.txt", "2025-09-01", "第五句。"));

        Reply reply = formatter.answer(answer("第一句。[1]第二句。[2]", citations), "Ab3dE5gH7j");

        assertThat(reply.html()).contains("<b>来源</b>\n[1] 标题一（2025-12-02）\n[2] 标题二（日期不详）");
        assertThat(reply.keyboard()).hasSize(2);
        assertThat(reply.keyboard().get(0)).extracting(Button::label).containsExactly("来源 1", "来源 2", "来源 3", "来源 4");
        assertThat(reply.keyboard().get(1)).extracting(Button::data).containsExactly("src:Ab3dE5gH7j:5");
        reply.keyboard().stream().flatMap(List::stream).forEach(b ->
                assertThat(b.data().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(64));
    }

    @Test
    void should_name_the_page_of_a_pdf_quote_in_the_source_list_and_the_source_button_reply() {
        Citation pdf = new Citation(1, "p1", "失业保险金申领指南", "guide.pdf", "2026-01-05", "按月发放。", false, "", 2);

        Reply reply = formatter.answer(answer("按月发放。[1]", List.of(pdf)), "Ab3dE5gH7j");

        assertThat(reply.html()).contains("\n[1] 失业保险金申领指南（2026-01-05）（第2页）");
        assertThat(formatter.passage(pdf).html()).contains("失业保险金申领指南（2026-01-05）（第2页）");
    }

    @Test
    void should_add_no_sources_or_buttons_when_the_answer_is_declined() {
        Answer declined = new Answer("问题", "抱歉，现有文章中没有找到……建议拨打12333。", List.of(), true, Answer.Mode.EXTRACTIVE, 0.1);

        Reply reply = formatter.answer(declined, "");

        assertThat(reply.html()).doesNotContain("来源");
        assertThat(reply.keyboard()).isEmpty();
    }

    @Test
    void should_put_a_marker_line_before_an_answer_from_related_sentences_and_keep_its_sources() {
        Answer related = new Answer("问题", "文章没有直接说明您问的这一点；以下原文可能相关，供参考：\n第一句。[1]", List.of(
                new Citation(1, "p1", "标题一", "a.txt", "2025-12-02", "第一句。")), Answer.Outcome.RELATED,
                Answer.Mode.EXTRACTIVE, 0.4, List.of());

        Reply reply = formatter.answer(related, "Ab3dE5gH7j");

        assertThat(reply.html()).startsWith("<b>⚠️ 文章未直接说明</b>\n文章没有直接说明您问的这一点").contains("<b>来源</b>");
        assertThat(reply.keyboard().get(0)).extracting(Button::data).containsExactly("src:Ab3dE5gH7j:1");
        assertThat(TelegramHtml.problems(reply.html())).isEmpty();
    }

    @Test
    void should_number_the_options_of_a_clarify_answer_and_give_each_a_button() {
        Answer clarify = new Answer("补贴<多少>", "不同地方的规定不一样，请问您问的是哪里？\n1. 甲州\n2. 乙&州", List.of(),
                Answer.Outcome.CLARIFY, Answer.Mode.EXTRACTIVE, 0.3, List.of("甲州", "乙&州"));

        Reply withButtons = formatter.answer(clarify, "", "Ch0iceKey1");
        Reply withoutButtons = formatter.answer(clarify, "", "");

        assertThat(withButtons.html()).isEqualTo("不同地方的规定不一样，请问您问的是哪里？\n1. 甲州\n2. 乙&amp;州\n\n"
                + "点下面的按钮，或回复序号、地名即可。");
        assertThat(withButtons.keyboard()).singleElement().satisfies(row -> {
            assertThat(row).extracting(Button::label).containsExactly("甲州", "乙&州");
            assertThat(row).extracting(Button::data).containsExactly("opt:Ch0iceKey1:1", "opt:Ch0iceKey1:2");
        });
        assertThat(withoutButtons.html()).contains("2. 乙&amp;州").endsWith("回复序号或地名即可。");
        assertThat(withoutButtons.keyboard()).isEmpty();
    }

    @Test
    void should_show_the_escaped_quote_in_a_blockquote_when_showing_a_passage() {
        Reply reply = formatter.passage(new Citation(2, "p", "标题", "f.txt", "2025-12-02", "甲<乙 & 丙>丁。"));

        assertThat(reply.html()).isEqualTo("<b>来源 2</b>　标题（2025-12-02）\n<blockquote>甲&lt;乙 &amp; 丙&gt;丁。</blockquote>");
    }

    @Test
    void should_echo_the_escaped_query_and_number_the_passages_when_showing_search_results() {
        Passage p = new Passage("id1", "a1", "关于<退役>军人", Optional.of(LocalDate.of(2025, 12, 2)), "a.txt", "",
                "退役军人养老保险 & 医疗保险。".repeat(20), 0, 1);

        Reply reply = formatter.searchResults("<b>退役", new SearchResult(null, List.of(new Hit(1, 3.2, p))));

        assertThat(reply.html()).startsWith("与“&lt;b&gt;退役”最相关的段落：")
                .contains("<b>1. 关于&lt;退役&gt;军人</b>（2025-12-02）", "&amp; 医疗保险", "…");
        assertThat(TelegramHtml.problems(reply.html())).isEmpty();
    }

    @Test
    void should_say_so_when_a_search_finds_nothing() {
        Reply reply = formatter.searchResults("火星 & 月球", new SearchResult(null, List.of()));

        assertThat(reply.html()).contains("没有找到与“火星 &amp; 月球”相关的段落");
    }
}
