package org.policybot.bot.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.TestSettings;
import org.policybot.bot.channel.Html;
import org.policybot.bot.llm.LogCapture;
import org.policybot.bot.store.SubscriptionStore;
import org.policybot.bot.telegram.TelegramEmulator.Sent;
import org.policybot.retrieval.Retrieval;
import org.policybot.retrieval.text.ChineseText;

/**
 * The Telegram bot end to end, as users meet it: real TelegramBots long polling against
 * the telegram-test-api emulator, the real index of the bundled articles, real SQLite.
 */
class TelegramChannelTest {

    static final Duration WAIT = Duration.ofSeconds(15);
    static final String BOT_NAME = "TestNameBot"; // what the emulator's getMe answers

    @TempDir
    static Path data;

    static TelegramEmulator emulator;
    static Retrieval retrieval;
    static SeamBotApi seam;
    static BotUnderTest bot;

    @BeforeAll
    static void start() throws Exception {
        emulator = TelegramEmulator.start();
        retrieval = new Retrieval(TestSettings.of(data.resolve("index")));
        bot = BotUnderTest.start(emulator, retrieval, data.resolve("main"), "100001:main-bot",
                Map.of("CHATBOT_RATE_LIMIT_BURST", "4", "CHATBOT_RATE_LIMIT_PER_MINUTE", "1"), Optional.empty(),
                api -> seam = new SeamBotApi(api));
    }

    @AfterAll
    static void stop() {
        if (bot != null) {
            bot.close();
        }
        if (retrieval != null) {
            retrieval.close();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    static void send(TelegramUser user, String text) {
        emulator.send(bot.token, text.startsWith("/") ? user.command(text) : user.message(text));
    }

    /** Waits for exactly {@code n} more bot messages in the user's chat; each must be valid Telegram HTML. */
    static List<Sent> replies(TelegramUser user, int n) throws InterruptedException {
        List<Sent> got = emulator.awaitBotMessages(bot.token, user.chat(), n, WAIT);
        assertThat(got).as("bot messages in chat %s", user.chat()).hasSize(n);
        for (Sent s : got) {
            assertThat(s.parseMode()).isEqualTo("HTML");
            assertThat(TelegramHtml.problems(s.text())).as(s.text()).isEmpty();
        }
        return got;
    }

    static Sent reply(TelegramUser user) throws InterruptedException {
        return replies(user, 1).get(0);
    }

    /** Nothing more arrives in the chat for a while. */
    static void assertSilence(TelegramUser user) throws InterruptedException {
        Thread.sleep(1200);
        assertThat(emulator.takeBotMessages(bot.token, user.chat())).extracting(Sent::text).isEmpty();
    }

    static String plain(String html) {
        return ChineseText.compact(Html.toPlainText(html));
    }

    @Test
    void should_log_one_plain_line_and_start_when_the_api_server_refuses_the_command_menu() throws Exception {
        // given: the emulator has no setMyCommands; it answers HTTP 500 with no "ok" field
        List<String> lines;
        try (LogCapture logs = LogCapture.asConfigured();
             BotUnderTest other = BotUnderTest.start(emulator, retrieval, data.resolve("menu"), "100009:menu-bot")) {
            lines = logs.messages();
            assertThat(logs.events()).noneMatch(e -> e.getThrowableProxy() != null);

            // then: it still answers
            TelegramUser user = TelegramUser.privateChat(19);
            emulator.send(other.token, user.command("/help"));
            assertThat(emulator.awaitBotMessages(other.token, user.chat(), 1, WAIT)).hasSize(1);
        }

        assertThat(lines).filteredOn(l -> l.contains("command menu")).singleElement().satisfies(line -> {
            assertThat(line).contains("setMyCommands", "not a Bot API answer", "commands still work");
            assertThat(line).doesNotContain("Exception", "java.lang");
        });
    }

    @Nested
    class PrivateChat {

        @Test
        void should_explain_the_bot_with_examples_when_a_user_sends_start() throws Exception {
            TelegramUser user = TelegramUser.privateChat(11);

            send(user, "/start");

            String text = reply(user).text();
            assertThat(text).contains("社保政策问答机器人", "例如", "/ask 问题", "/search 关键词", "/subscribe", "/reset");
        }

        @Test
        void should_subscribe_a_private_chat_without_asking_who_is_an_administrator() throws Exception {
            TelegramUser user = TelegramUser.privateChat(13); // not in the emulator's member table

            send(user, "/subscribe");

            assertThat(reply(user).text()).contains("已订阅");
            assertThat(new SubscriptionStore(bot.database, Clock.systemUTC()).isSubscribed("telegram", "13")).isTrue();
        }

        @Test
        void should_answer_a_question_with_citations_and_one_source_button_each_when_asked() throws Exception {
            TelegramUser user = TelegramUser.privateChat(12);

            send(user, "焦作欠薪维权电话多少？");

            Sent answer = reply(user);
            assertThat(answer.text()).contains("5412333", "[1]", "<b>来源</b>", "\n[1] ");
            assertThat(answer.buttons()).isNotEmpty();
            assertThat(answer.buttons().get(0).path("text").asText()).isEqualTo("来源 1");
            for (var button : answer.buttons()) {
                assertThat(button.path("callback_data").asText().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(64);
            }
        }

        @Test
        void should_show_the_quoted_passage_and_answer_the_callback_when_a_source_button_is_pressed() throws Exception {
            TelegramUser user = TelegramUser.privateChat(13);
            send(user, "焦作欠薪维权电话多少？");
            Sent answer = reply(user);
            String data = answer.buttons().get(0).path("callback_data").asText();
            int answered = seam.callbackAnswers.size();

            emulator.sendCallback(bot.token, user.press(data, answer.messageId()));

            Sent passage = reply(user);
            assertThat(passage.text()).startsWith("<b>来源 1</b>").contains("<blockquote>", "</blockquote>");
            String quote = plain(passage.text().substring(passage.text().indexOf("<blockquote>")));
            assertThat(plain(answer.text())).contains(quote);
            assertThat(seam.callbackAnswers).hasSize(answered + 1);
        }

        @Test
        void should_answer_the_callback_with_a_notice_when_the_source_is_unknown() throws Exception {
            TelegramUser user = TelegramUser.privateChat(14);
            int answered = seam.callbackAnswers.size();

            emulator.sendCallback(bot.token, user.press("src:ZZZZZZZZZZ:1", 1));

            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> seam.callbackAnswers.size() > answered);
            assertThat(seam.callbackAnswers.get(answered).text()).isEqualTo("这个来源已过期，请重新提问。");
            assertSilence(user);
        }

        @Test
        void should_resolve_a_follow_up_from_the_conversation_and_forget_it_after_reset() throws Exception {
            TelegramUser user = TelegramUser.privateChat(15);
            send(user, "我19年从部队退下来的，养老保险关系要自己接续吗");
            reply(user);

            send(user, "具体去哪儿办？");

            assertThat(plain(reply(user).text())).contains("前往安置地的养老保险经办机构现场办理关系接续手续");

            send(user, "/reset");

            assertThat(reply(user).text()).contains("已清除");
            assertThat(bot.conversations.recent("telegram:15")).isEmpty();
        }

        @Test
        void should_escape_html_characters_of_user_text_when_echoing_and_answering() throws Exception {
            TelegramUser user = TelegramUser.privateChat(16);

            send(user, "/search <退役> & 养老保险 <b>");
            send(user, "<script>alert(1)</script> 我13年退伍的 & 养老保险关系要自己去接续吗？");

            List<Sent> got = replies(user, 2);
            assertThat(got.get(0).text()).contains("“&lt;退役&gt; &amp; 养老保险 &lt;b&gt;”").contains("<b>1. ");
            assertThat(got.get(1).text()).doesNotContain("<script>");
        }

        @Test
        void should_give_a_short_hint_when_a_command_is_unknown_or_incomplete_or_the_message_has_no_text() throws Exception {
            TelegramUser user = TelegramUser.privateChat(17);

            send(user, "/weather");
            send(user, "/ask");
            Map<String, Object> sticker = user.message("");
            sticker.remove("text");
            emulator.send(bot.token, sticker);

            List<Sent> got = replies(user, 3);
            assertThat(got.get(0).text()).contains("没有 /weather 这个命令", "/help");
            assertThat(got.get(1).text()).contains("请在 /ask 后面写上您的问题");
            assertThat(got.get(2).text()).isEqualTo("目前只能回答文字问题，请用文字描述您想咨询的内容。");
        }

        @Test
        void should_summarise_the_newest_article_with_sources_when_asked_for_a_summary() throws Exception {
            TelegramUser user = TelegramUser.privateChat(18);

            send(user, "/summary");

            Sent summary = reply(user);
            assertThat(summary.text()).contains("<b>来源</b>");
            assertThat(summary.buttons()).isNotEmpty();
        }

        @Test
        void should_send_one_notice_and_drop_the_rest_when_a_user_floods_the_bot() throws Exception {
            TelegramUser user = TelegramUser.privateChat(19);

            for (int i = 1; i <= 7; i++) {
                send(user, "焦作欠薪维权电话多少？第" + i + "次");
            }

            List<Sent> got = replies(user, 5);
            assertThat(got.subList(0, 4)).allSatisfy(s -> assertThat(s.text()).contains("5412333"));
            assertThat(got.get(4).text()).contains("请稍等约", "秒再提问");
            assertSilence(user);
        }
    }

    @Nested
    class Groups {

        @Test
        void should_ignore_chatter_and_answer_a_mention_as_a_reply_to_the_asking_message() throws Exception {
            TelegramUser alice = TelegramUser.inGroup(21, -100_1001);

            send(alice, "大家好，今天下午开会吗？");
            send(alice, "/weather");
            send(alice, "@" + BOT_NAME + " 焦作欠薪维权电话多少？");

            Sent answer = reply(alice);
            assertThat(answer.text()).contains("5412333");
            assertThat(answer.replyTo()).isEqualTo(emulator.userMessageId(bot.token, "@" + BOT_NAME + " 焦作欠薪维权电话多少？"));
            assertSilence(alice);
        }

        @Test
        void should_answer_commands_for_this_bot_and_replies_to_its_messages_but_not_commands_for_other_bots() throws Exception {
            TelegramUser bob = TelegramUser.inGroup(22, -100_1002);
            BotIdentity me = new BotIdentity(666, BOT_NAME);

            send(bob, "/ask@OtherBot 我13年退伍的，养老保险关系要自己去接续吗？");
            send(bob, "/ask@" + BOT_NAME + " 我13年退伍的，养老保险关系要自己去接续吗？");
            Sent first = reply(bob);
            emulator.send(bot.token, bob.replyToBot("那要去哪里办？", me, first.messageId()));

            Sent second = reply(bob);
            assertThat(first.replyTo()).isEqualTo(emulator.userMessageId(bot.token,
                    "/ask@" + BOT_NAME + " 我13年退伍的，养老保险关系要自己去接续吗？"));
            assertThat(second.replyTo()).isEqualTo(emulator.userMessageId(bot.token, "那要去哪里办？"));
            assertSilence(bob);
        }

        @Test
        void should_keep_one_conversation_per_user_within_a_group() throws Exception {
            TelegramUser carol = TelegramUser.inGroup(23, -100_1003);
            TelegramUser dave = TelegramUser.inGroup(24, -100_1003);

            send(carol, "@" + BOT_NAME + " 我19年从部队退下来的，养老保险关系要自己接续吗");
            send(dave, "@" + BOT_NAME + " 焦作欠薪维权电话多少？");
            replies(carol, 2); // same group chat: both answers arrive there

            assertThat(bot.conversations.recent("telegram:-1001003:23")).singleElement().asString().contains("19年");
            assertThat(bot.conversations.recent("telegram:-1001003:24")).singleElement().asString().contains("焦作");
            assertThat(bot.conversations.recent("telegram:-1001003")).isEmpty();
        }

        @Test
        void should_subscribe_and_unsubscribe_the_group_to_digests_when_an_administrator_asks() throws Exception {
            TelegramUser erin = TelegramUser.inGroup(25, -100_1004);
            emulator.setChatMember(bot.token, erin.chat(), 25, "administrator");
            SubscriptionStore subscriptions = new SubscriptionStore(bot.database, Clock.systemUTC());

            send(erin, "/subscribe");
            assertThat(reply(erin).text()).contains("已订阅");
            assertThat(subscriptions.list("telegram")).contains("-1001004");

            send(erin, "/subscribe@" + BOT_NAME);
            assertThat(reply(erin).text()).contains("已经订阅");

            send(erin, "/unsubscribe");
            assertThat(reply(erin).text()).contains("已取消订阅");
            assertThat(subscriptions.list("telegram")).doesNotContain("-1001004");
        }

        @Test
        void should_let_only_the_groups_creator_and_administrators_change_its_subscription() throws Exception {
            TelegramUser owner = TelegramUser.inGroup(26, -100_1005);
            TelegramUser member = TelegramUser.inGroup(27, -100_1005);
            emulator.setChatMember(bot.token, owner.chat(), 26, "creator");
            emulator.setChatMember(bot.token, member.chat(), 27, "member");
            SubscriptionStore subscriptions = new SubscriptionStore(bot.database, Clock.systemUTC());

            send(member, "/subscribe");
            String refused = reply(member).text();
            boolean afterRefusal = subscriptions.isSubscribed("telegram", "-1001005");
            send(owner, "/subscribe");
            String accepted = reply(owner).text();
            send(member, "/unsubscribe");
            String refusedAgain = reply(member).text();

            assertThat(refused).contains("只有群主和管理员");
            assertThat(afterRefusal).isFalse();
            assertThat(accepted).contains("已订阅");
            assertThat(refusedAgain).contains("只有群主和管理员");
            assertThat(subscriptions.isSubscribed("telegram", "-1001005")).as("a member cannot unsubscribe the group").isTrue();
        }

        @Test
        void should_refuse_a_group_subscription_for_now_when_telegram_cannot_say_who_is_an_administrator() throws Exception {
            TelegramUser grace = TelegramUser.inGroup(28, -100_1006); // not in the emulator's member table: getChatMember fails

            send(grace, "/subscribe");

            assertThat(reply(grace).text()).contains("暂时无法确认");
            assertThat(new SubscriptionStore(bot.database, Clock.systemUTC()).isSubscribed("telegram", "-1001006")).isFalse();
        }
    }
}
