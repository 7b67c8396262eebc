package org.policybot.bot.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.config.Settings;
import org.policybot.config.SettingsException;

/** The bundled texts, and a deployment's file that rewords some of them. */
class MessagesTest {

    @TempDir
    Path dir;

    @Test
    void should_read_the_bundled_texts_as_utf8_and_put_values_in_without_grouping_digits() {
        Messages m = Messages.bundled();

        assertThat(m.text("telegram.choice-expired")).isEqualTo("这个选项已过期，请重新提问。");
        assertThat(m.text("wechat.rate-limited", 12333)).isEqualTo("您提问得太快了，请12333秒后再试。");
        assertThat(m.text("telegram.start.examples", "• 甲？\n• 乙？")).isEqualTo("直接发送您的问题即可，例如：\n• 甲？\n• 乙？");
    }

    @Test
    void should_take_the_file_s_texts_and_keep_the_bundled_ones_it_does_not_name() throws Exception {
        Path file = write("telegram.sorry=出错了，请拨打热线。\ntelegram.flood=请等 {0} 秒。\n");

        Messages m = Messages.load(new Settings.Texts(Optional.of(file), List.of("甲？")));

        assertThat(m.text("telegram.sorry")).isEqualTo("出错了，请拨打热线。");
        assertThat(m.text("telegram.flood", 5)).isEqualTo("请等 5 秒。");
        assertThat(m.text("telegram.text-only")).isEqualTo(Messages.bundled().text("telegram.text-only"));
        assertThat(m.examples()).containsExactly("甲？");
        assertThat(m.keys()).isEqualTo(Messages.bundled().keys());
    }

    @Test
    void should_name_the_setting_and_the_key_when_the_file_has_a_key_the_bundle_lacks() throws Exception {
        Path file = write("telegram.sorry=出错了。\ntelegram.sory=拼错了\n");

        assertThatThrownBy(() -> Messages.load(new Settings.Texts(Optional.of(file), List.of())))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("chatbot.messages-file (CHATBOT_MESSAGES_FILE): unknown text key \"telegram.sory\"")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void should_refuse_a_broken_pattern_or_a_file_that_is_not_utf8() throws Exception {
        Path broken = write("telegram.flood=请等 {0 秒。\n");
        Path gbk = dir.resolve("gbk.properties");
        Files.write(gbk, "telegram.sorry=出错了。\n".getBytes("GBK"));

        assertThatThrownBy(() -> Messages.load(new Settings.Texts(Optional.of(broken), List.of())))
                .isInstanceOf(SettingsException.class).hasMessageContaining("telegram.flood");
        assertThatThrownBy(() -> Messages.load(new Settings.Texts(Optional.of(gbk), List.of())))
                .isInstanceOf(SettingsException.class).hasMessageContaining("not UTF-8");
    }

    @Test
    void should_refuse_a_key_the_code_asks_for_that_the_bundle_lacks() {
        assertThatThrownBy(() -> Messages.bundled().text("no.such.key")).isInstanceOf(IllegalArgumentException.class);
    }

    private Path write(String text) throws Exception {
        Path file = dir.resolve("texts.properties");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
