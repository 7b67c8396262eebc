package org.policybot.bot.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.Update;

class UpdateParserTest {

    static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    static final BotIdentity ME = new BotIdentity(666, "PolicyBot");
    final UpdateParser parser = new UpdateParser();

    static Update update(String json) throws Exception {
        return JSON.readValue(json, Update.class);
    }

    static String message(String chat, String text, String extra) {
        return "{\"update_id\": 7, \"message\": {\"message_id\": 3, \"date\": 1760000000,"
                + "\"from\": {\"id\": 42, \"is_bot\": false, \"first_name\": \"张\"}, \"chat\": " + chat + ","
                + "\"text\": \"" + text + "\"" + extra + "}}";
    }

    static final String PRIVATE = "{\"id\": 42, \"type\": \"private\", \"first_name\": \"张\"}";
    static final String GROUP = "{\"id\": -100500, \"type\": \"supergroup\", \"title\": \"群\"}";

    IncomingMessage parse(String json) throws Exception {
        Optional<Incoming> in = parser.parse(update(json), ME);
        assertThat(in).isPresent();
        return (IncomingMessage) in.get();
    }

    @Test
    void should_address_any_text_in_a_private_chat_with_the_chat_as_conversation() throws Exception {
        IncomingMessage m = parse(message(PRIVATE, "养老保险怎么转？", ""));

        assertThat(m.addressed()).isTrue();
        assertThat(m.group()).isFalse();
        assertThat(m.command()).isNull();
        assertThat(m.conversationId()).isEqualTo("telegram:42");
        assertThat(m.replyTo()).isNull();
    }

    @Test
    void should_not_address_group_chatter() throws Exception {
        assertThat(parse(message(GROUP, "大家好", "")).addressed()).isFalse();
    }

    @Test
    void should_address_a_group_mention_and_remove_it_from_the_question() throws Exception {
        IncomingMessage m = parse(message(GROUP, "@policybot 养老保险怎么转？", ""));

        assertThat(m.addressed()).isTrue();
        assertThat(m.text()).isEqualTo("养老保险怎么转？");
        assertThat(m.conversationId()).isEqualTo("telegram:-100500:42");
        assertThat(m.replyTo()).isEqualTo(3);
    }

    @Test
    void should_not_take_a_longer_name_or_an_email_for_a_mention() throws Exception {
        assertThat(parse(message(GROUP, "@PolicyBotFan 说得对", "")).addressed()).isFalse();
        assertThat(parse(message(GROUP, "写信到 x@PolicyBot 吧", "")).addressed()).isFalse();
    }

    @Test
    void should_address_commands_without_a_name_or_with_ours_but_not_those_for_other_bots() throws Exception {
        IncomingMessage plain = parse(message(GROUP, "/ask 养老保险怎么转？", ""));
        IncomingMessage ours = parse(message(GROUP, "/ask@PolicyBot 养老保险怎么转？", ""));
        IncomingMessage theirs = parse(message(GROUP, "/ask@OtherBot 养老保险怎么转？", ""));

        assertThat(plain.addressed()).isTrue();
        assertThat(plain.command()).isEqualTo(new IncomingMessage.CommandCall("ask", "养老保险怎么转？", ""));
        assertThat(ours.addressed()).isTrue();
        assertThat(ours.command().args()).isEqualTo("养老保险怎么转？");
        assertThat(theirs.addressed()).isFalse();
    }

    @Test
    void should_read_commands_from_the_text_even_without_entities_and_not_take_a_slash_question_for_one() throws Exception {
        assertThat(UpdateParser.command("/SEARCH 退役")).isEqualTo(new IncomingMessage.CommandCall("search", "退役", ""));
        assertThat(UpdateParser.command("/start")).isEqualTo(new IncomingMessage.CommandCall("start", "", ""));
        assertThat(UpdateParser.command("/ask\n第一行\n第二行").args()).isEqualTo("第一行\n第二行");
        assertThat(UpdateParser.command("/问题是什么")).isNull();
        assertThat(UpdateParser.command("/ask退役")).isNull();
    }

    @Test
    void should_address_a_reply_to_the_bot() throws Exception {
        String reply = ", \"reply_to_message\": {\"message_id\": 2, \"date\": 1760000000, \"chat\": " + GROUP
                + ", \"from\": {\"id\": 666, \"is_bot\": true, \"first_name\": \"Bot\"}, \"text\": \"回答\"}";
        String replyToOther = reply.replace("\"id\": 666", "\"id\": 777");

        assertThat(parse(message(GROUP, "那要带什么材料？", reply)).addressed()).isTrue();
        assertThat(parse(message(GROUP, "那要带什么材料？", replyToOther)).addressed()).isFalse();
    }

    @Test
    void should_ignore_other_bots_edited_messages_and_channel_posts() throws Exception {
        String fromBot = message(PRIVATE, "你好", "").replace("\"is_bot\": false", "\"is_bot\": true");
        String edited = message(PRIVATE, "你好", "").replace("\"message\":", "\"edited_message\":");
        String channel = message("{\"id\": -100900, \"type\": \"channel\", \"title\": \"频道\"}", "你好", "");

        assertThat(parser.parse(update(fromBot), ME)).isEmpty();
        assertThat(parser.parse(update(edited), ME)).isEmpty();
        assertThat(parser.parse(update(channel), ME)).isEmpty();
    }

    @Test
    void should_read_a_button_press_with_its_chat_and_message() throws Exception {
        Update u = update("{\"update_id\": 9, \"callback_query\": {\"id\": \"cb1\", \"data\": \"src:Ab3dE5gH7j:2\","
                + "\"from\": {\"id\": 42, \"is_bot\": false, \"first_name\": \"张\"},"
                + "\"message\": {\"message_id\": 8, \"date\": 1760000000, \"chat\": " + GROUP + ", \"text\": \"回答\"}}}");

        Incoming in = parser.parse(u, ME).orElseThrow();

        assertThat(in).isEqualTo(new IncomingCallback(9, "cb1", "-100500", 42, 8, "src:Ab3dE5gH7j:2", true));
        assertThat(UpdateParser.chatOf(u)).isEqualTo("-100500");
    }
}
