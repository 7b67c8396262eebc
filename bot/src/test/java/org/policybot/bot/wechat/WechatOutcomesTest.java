package org.policybot.bot.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.RegionalCorpus;

/**
 * Related and clarify answers on the plaintext-mode endpoint, end to end: the channel App
 * creates from the settings, over real HTTP, the real answer service over the made-up
 * {@link RegionalCorpus}, the offered options kept per OpenID in real SQLite.
 */
class WechatOutcomesTest {

    @TempDir
    static Path data;

    static WechatRig rig;
    static WechatSide wechat;
    static final AtomicLong MSG_IDS = new AtomicLong(25_000_000_000_000_000L);
    static final AtomicLong USERS = new AtomicLong();

    @BeforeAll
    static void start() throws Exception {
        rig = WechatRig.start(data, Map.of(
                "CHATBOT_ARTICLES_DIR", RegionalCorpus.write(data.resolve("articles")).toString(),
                "CHATBOT_RATE_LIMIT_BURST", "100", "CHATBOT_RATE_LIMIT_PER_MINUTE", "100"));
        wechat = rig.production().wechat();
    }

    @AfterAll
    static void stop() {
        rig.close();
    }

    static String newUser() {
        return "oOutcome_" + USERS.incrementAndGet() + "_Ab3dEfGh1jKlMn";
    }

    static String ask(String user, String text) {
        WechatSide.Reply reply = wechat.text(user, MSG_IDS.incrementAndGet(), text);
        assertThat(reply.status()).isEqualTo(200);
        return reply.content();
    }

    @Test
    void should_pass_an_answer_from_related_sentences_as_its_framed_text_with_sources() {
        String reply = ask(newUser(), RegionalCorpus.RELATED);

        assertThat(reply).startsWith("文章没有直接说明您问的这一点").contains("12333", "【1】", "来源：");
    }

    @Test
    void should_number_the_options_and_answer_for_the_one_whose_number_comes_next() {
        // given
        String user = newUser();
        String clarify = ask(user, RegionalCorpus.CLARIFY);

        // when
        String answer = ask(user, "2");

        // then
        assertThat(clarify).isEqualTo("不同地方的规定不一样，请问您问的是哪里？\n1. 甲州\n2. 乙州\n" + "回复序号或地名即可");
        assertThat(answer).contains(RegionalCorpus.YIZHOU_FIGURE).doesNotContain(RegionalCorpus.JIAZHOU_FIGURE);
    }

    @Test
    void should_answer_for_the_place_named_next() {
        String user = newUser();
        ask(user, RegionalCorpus.CLARIFY);

        String answer = ask(user, "甲州");

        assertThat(answer).contains(RegionalCorpus.JIAZHOU_FIGURE).doesNotContain(RegionalCorpus.YIZHOU_FIGURE);
    }

    @Test
    void should_keep_the_options_for_the_user_they_were_offered_to_and_only_for_the_next_message() {
        // given
        String asked = newUser();
        String other = newUser();
        ask(asked, RegionalCorpus.CLARIFY);

        // when
        String otherSendsANumber = ask(other, "1");
        ask(asked, RegionalCorpus.DECLINED);
        String numberTooLate = ask(asked, "1");

        // then
        assertThat(otherSendsANumber).doesNotContain(RegionalCorpus.JIAZHOU_FIGURE);
        assertThat(numberTooLate).doesNotContain(RegionalCorpus.JIAZHOU_FIGURE);
    }
}
