package org.policybot.bot.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.answer.Answer;
import org.policybot.bot.channel.TextSplitter;

/**
 * Answers written by the model (a stand-in at the model seam) that do not fit one WeChat
 * reply, or that hold text which would break careless XML.
 */
class WechatLongAnswerTest {

    /** Generous: these tests are about the text, not the time budget. */
    static final Duration BUDGET = Duration.ofSeconds(15);

    @TempDir
    static Path data;

    static WechatRig rig;
    static WechatSide verbose;
    static WechatSide hostile;

    @BeforeAll
    static void start() throws Exception {
        rig = WechatRig.start(data, Map.of());
        verbose = rig.serve(WechatRig.plaintext("http://127.0.0.1:9"), BUDGET, Optional.of(ScriptedModel.verbose())).wechat();
        hostile = rig.serve(WechatRig.plaintext("http://127.0.0.1:9"), BUDGET, Optional.of(ScriptedModel.hostile())).wechat();
    }

    @AfterAll
    static void stop() {
        rig.close();
    }

    @Test
    void should_cut_a_long_answer_at_a_sentence_and_continue_it_on_more() {
        String user = "oLongUser_0001";
        WechatSide.Reply first = verbose.text(user, 51_000_001L, "退役军人养老保险关系转移接续有哪些规定");
        List<String> parts = new ArrayList<>(List.of(first.content()));
        long msgId = 51_000_100L;
        while (parts.get(parts.size() - 1).endsWith("（回复\"更多\"查看剩余内容）") && parts.size() < 20) {
            parts.add(verbose.text(user, ++msgId, "更多").content());
        }

        assertThat(parts).hasSizeGreaterThan(1);
        assertThat(parts).allSatisfy(p -> assertThat(TextSplitter.bytes(p)).isLessThanOrEqualTo(2048));
        assertThat(parts.subList(0, parts.size() - 1)).allSatisfy(p -> assertThat(p).endsWith("（回复\"更多\"查看剩余内容）"));
        assertThat(parts.get(parts.size() - 1)).doesNotContain("更多");
        StringBuilder bodies = new StringBuilder();
        for (String p : parts) {
            // every part: its text, the AI label, and the sources of exactly the markers it holds
            String body = p.substring(0, p.indexOf("\n" + Answer.AI_LABEL)).strip();
            bodies.append(body);
            assertThat(body).as("cut at a sentence end, marker kept with its sentence").matches("(?s).*[。！？；]([”）)]|【\\d+】)*");
            String sources = p.substring(p.indexOf("\n" + Answer.AI_LABEL) + Answer.AI_LABEL.length() + 1)
                    .replace("（回复\"更多\"查看剩余内容）", "").strip();
            assertThat(sources).startsWith("来源：");
            assertThat(markers(sources)).as(p).isEqualTo(markers(body)).isNotEmpty();
        }
        assertThat(bodies.toString()).containsOnlyOnce("根据文章").contains("【1】", "【2】").doesNotContain("**")
                .doesNotContain("[1]").doesNotContain("来源：");
        assertThat(verbose.text(user, ++msgId, "更多").content()).isEqualTo("没有更多内容了。请直接输入新的问题。");
    }

    @Test
    void should_give_a_retried_more_the_same_part_instead_of_the_next() {
        String user = "oLongUser_0002";
        verbose.text(user, 52_000_001L, "退役军人养老保险关系转移接续有哪些规定");

        WechatSide.Reply more = verbose.text(user, 52_000_002L, "更多");
        WechatSide.Reply retried = verbose.text(user, 52_000_002L, "更多");

        assertThat(more.content()).isNotEqualTo("没有更多内容了。请直接输入新的问题。");
        assertThat(retried.content()).isEqualTo(more.content());
    }

    @Test
    void should_keep_the_reply_xml_well_formed_when_the_answer_holds_cdata_ends_and_control_characters() {
        WechatSide.Reply reply = hostile.text("oLongUser_0003", 53_000_001L, "焦作欠薪维权电话多少？");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.content()).startsWith("开头]]＞<b>&amp;结尾：").contains("【1】").doesNotContain("]]>");
        assertThat(reply.content().codePoints()).noneMatch(c -> c < 0x20 && c != '\n' && c != '\t');
    }

    @Test
    void should_answer_a_question_that_holds_a_cdata_end_and_markup() {
        WechatSide.Reply reply = verbose.text("oLongUser_0004", 54_000_001L, "焦作]]>欠薪<维权>&电话多少？");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.content()).contains("根据文章");
    }

    /** The citation numbers a text shows, as 【n】. */
    static java.util.Set<Integer> markers(String text) {
        java.util.Set<Integer> out = new java.util.TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("【(\\d+)】").matcher(text);
        while (m.find()) {
            out.add(Integer.parseInt(m.group(1)));
        }
        return out;
    }
}
