package org.policybot.bot.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.policybot.bot.answer.Answer;
import org.policybot.bot.answer.Citation;
import org.policybot.bot.channel.TextSplitter;
import org.policybot.bot.messages.Messages;

class ReplyTextTest {

    private static final ReplyText REPLY = new ReplyText(new WechatTexts(Messages.bundled()));

    static Answer answer(String text, Citation... citations) {
        return new Answer("q", text, List.of(citations), false, Answer.Mode.LLM, 0.9);
    }

    static Citation cite(int n, String title, String date) {
        return new Citation(n, "p" + n, title, "f.txt", date, "引文。");
    }

    @Test
    void should_write_markers_as_lenticular_brackets_and_name_each_source_once() {
        Answer a = answer("先办养老保险转移。[1]再办失业登记。[2][3]",
                cite(1, "社保接续指南", "2025-12-02"), cite(2, "社保接续指南", "2025-12-02"), cite(3, "焦作人社", null));

        String text = REPLY.of(a);

        assertThat(text).isEqualTo("先办养老保险转移。【1】再办失业登记。【2】【3】\n\n来源：\n【1】【2】社保接续指南（2025-12-02）\n【3】焦作人社（日期不详）");
    }

    @Test
    void should_name_the_page_of_a_pdf_quote_and_keep_quotes_from_other_pages_apart() {
        Citation page2 = new Citation(1, "p1", "失业保险金申领指南", "guide.pdf", "2026-01-05", "引文。", false, "", 2);
        Citation page3 = new Citation(2, "p2", "失业保险金申领指南", "guide.pdf", "2026-01-05", "引文。", false, "", 3);

        String text = REPLY.of(answer("按月发放。[1]补报后恢复发放。[2]", page2, page3));

        assertThat(text).endsWith("来源：\n【1】失业保险金申领指南（2026-01-05）（第2页）\n【2】失业保险金申领指南（2026-01-05）（第3页）");
    }

    @Test
    void should_write_an_answer_without_citations_as_it_is() {
        assertThat(REPLY.of(answer("建议拨打12333咨询。"))).isEqualTo("建议拨打12333咨询。");
    }

    @Test
    void should_number_the_options_of_a_clarify_answer_and_say_how_to_pick_one() {
        Answer clarify = new Answer("补贴多少", "不同地方的规定不一样，请问您问的是哪里？\n1. 甲州\n2. 乙州", List.of(),
                Answer.Outcome.CLARIFY, Answer.Mode.EXTRACTIVE, 0.3, List.of("甲州", "乙州"));

        assertThat(REPLY.of(clarify)).isEqualTo("不同地方的规定不一样，请问您问的是哪里？\n1. 甲州\n2. 乙州\n回复序号或地名即可");
    }

    @Test
    void should_strip_markdown_when_the_model_writes_it() {
        String text = ReplyText.plain("## 办理方式\n**需要本人**到`经办机构`办理[1]\n- 带身份证\n* 带凭证\n---\n详见[指南](https://example.org/a)。");

        assertThat(text).isEqualTo("办理方式\n需要本人到经办机构办理【1】\n· 带身份证\n· 带凭证\n详见指南（https://example.org/a）。");
    }

    @Test
    void should_fit_every_page_in_2048_bytes_cut_at_sentences_and_lose_nothing() {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 60; i++) {
            sb.append("第").append(i).append("条规定：退役军人养老保险关系按时间段分别办理接续手续。【").append(i % 6 + 1).append("】");
        }
        String text = sb.toString();

        List<String> pages = REPLY.pages(text);

        assertThat(pages).hasSizeGreaterThan(2);
        assertThat(pages).allSatisfy(p -> assertThat(TextSplitter.bytes(p)).isLessThanOrEqualTo(ReplyText.MAX_BYTES));
        assertThat(pages.subList(0, pages.size() - 1))
                .allSatisfy(p -> assertThat(p).matches("(?s).*。【\\d】\n" + Pattern.quote("（回复\"更多\"查看剩余内容）")));
        assertThat(pages.get(pages.size() - 1)).doesNotContain("（回复\"更多\"查看剩余内容）");
        assertThat(String.join("", pages).replace("（回复\"更多\"查看剩余内容）", "").replaceAll("\\s", "")).isEqualTo(text);
    }

    @Test
    void should_split_messages_for_the_customer_service_api_without_the_more_hint() {
        String text = "长句。".repeat(800);

        List<String> messages = ReplyText.messages(text);

        assertThat(messages).hasSizeGreaterThan(1).noneMatch(m -> m.contains("更多"));
        assertThat(messages).allSatisfy(m -> assertThat(TextSplitter.bytes(m)).isLessThanOrEqualTo(2048));
    }

    static Answer longAnswer(Answer.Mode mode) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 60; i++) {
            sb.append("第").append(i).append("条：退役军人养老保险关系按时间段分别办理接续手续[").append(i % 6 + 1).append("]。");
        }
        List<Citation> citations = new java.util.ArrayList<>();
        for (int n = 1; n <= 6; n++) {
            citations.add(cite(n, "文章" + (n + 1) / 2, "2025-12-0" + n));
        }
        String text = mode == Answer.Mode.LLM ? sb + "\n" + Answer.AI_LABEL : sb.toString();
        return new Answer("q", text, citations, false, mode, 0.9);
    }

    @Test
    void should_give_every_part_of_a_long_model_answer_the_label_and_the_sources_it_cites() {
        // when
        List<String> pages = REPLY.pages(REPLY.of(longAnswer(Answer.Mode.LLM)));

        // then
        assertThat(pages).hasSizeGreaterThan(2);
        StringBuilder bodies = new StringBuilder();
        for (String page : pages) {
            assertThat(TextSplitter.bytes(page)).isLessThanOrEqualTo(ReplyText.MAX_BYTES);
            int label = page.indexOf("\n" + Answer.AI_LABEL + "\n\n来源：\n");
            assertThat(label).as(page).isPositive();
            String body = page.substring(0, label);
            String sources = page.substring(label).replace("（回复\"更多\"查看剩余内容）", "");
            bodies.append(body);
            assertThat(WechatLongAnswerTest.markers(sources)).isEqualTo(WechatLongAnswerTest.markers(body));
            assertThat(sources).contains("文章1（2025-12-01）").doesNotContain("[");
        }
        assertThat(bodies.toString().replaceAll("\\s", "")).isEqualTo(ReplyText.plain(longAnswer(Answer.Mode.EXTRACTIVE).text()));
        assertThat(pages.get(pages.size() - 1)).doesNotContain("（回复\"更多\"查看剩余内容）");
    }

    @Test
    void should_give_every_part_of_a_long_extractive_answer_its_sources_and_no_label() {
        List<String> messages = ReplyText.messages(REPLY.of(longAnswer(Answer.Mode.EXTRACTIVE)));

        assertThat(messages).hasSizeGreaterThan(2).allSatisfy(m -> assertThat(m).doesNotContain(Answer.AI_LABEL)
                .contains("\n\n来源：\n【").doesNotContain("更多"));
        assertThat(messages).allSatisfy(m -> assertThat(TextSplitter.bytes(m)).isLessThanOrEqualTo(ReplyText.MAX_BYTES));
    }

    @Test
    void should_keep_a_short_answer_in_one_part_with_every_source() {
        Answer a = answer("先办养老保险转移。[1]\n" + Answer.AI_LABEL, cite(1, "社保接续指南", "2025-12-02"), cite(2, "焦作人社", null));

        assertThat(REPLY.of(a)).isEqualTo("先办养老保险转移。【1】\n" + Answer.AI_LABEL
                + "\n\n来源：\n【1】社保接续指南（2025-12-02）\n【2】焦作人社（日期不详）");
    }

    @Test
    void should_let_short_answers_share_a_reply_and_keep_the_parts_of_a_long_one_whole() {
        // given: a short answer, then a long one, handed out together under their questions
        String text = "您问：“一”\n短回答。" + ReplyText.BREAK + "您问：“二”\n" + REPLY.of(longAnswer(Answer.Mode.LLM))
                + ReplyText.BREAK + "（您刚发送的问题还在查询中，稍后发送任意消息即可查看回答。）";

        // when
        List<String> pages = REPLY.pages(text);

        // then
        assertThat(pages.get(0)).startsWith("您问：“一”\n短回答。\n\n您问：“二”\n第1条");
        assertThat(pages).allSatisfy(p -> assertThat(TextSplitter.bytes(p)).isLessThanOrEqualTo(ReplyText.MAX_BYTES));
        assertThat(pages.subList(0, pages.size() - 1)).allSatisfy(p -> assertThat(p).contains(Answer.AI_LABEL + "\n\n来源："));
        assertThat(pages.get(pages.size() - 1)).endsWith("（您刚发送的问题还在查询中，稍后发送任意消息即可查看回答。）");
    }
}
