package org.policybot.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} that fails while it is being put together (a setting only a channel can
 * check) leaves nothing behind: no database or index file open or mapped, no question-log
 * thread.
 */
class AppStartFailureTest {

    @TempDir
    Path data;

    @Test
    void should_close_what_it_opened_when_a_channel_cannot_be_created() throws Exception {
        // given: a WeChat safe-mode key of the right length that is not Base64, found out only
        // when the channel is created, after the database and the index are open
        long logWritersBefore = questionLogThreads();
        var settings = TestSettings.of(data, Map.of(
                "CHATBOT_WECHAT_TOKEN", "token",
                "CHATBOT_WECHAT_APP_ID", "wx0123456789",
                "CHATBOT_WECHAT_AES_KEY", "!".repeat(43)));

        // when
        assertThatThrownBy(() -> App.start(settings, Clock.systemUTC())).isInstanceOf(IllegalArgumentException.class);

        // then
        assertThat(filesOpenUnder(data)).isEmpty();
        assertThat(questionLogThreads()).isEqualTo(logWritersBefore);
    }

    private static long questionLogThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals("question-log")).count();
    }

    /** Files of the folder this process holds open or mapped into memory (Linux: /proc/self). */
    private static List<String> filesOpenUnder(Path dir) throws IOException {
        String prefix = dir.toRealPath().toString();
        List<String> open = new ArrayList<>();
        try (Stream<Path> links = Files.list(Path.of("/proc/self/fd"))) {
            links.forEach(link -> {
                try {
                    open.add(Files.readSymbolicLink(link).toString());
                } catch (IOException e) {
                    // Closed while listing.
                }
            });
        }
        for (String mapping : Files.readAllLines(Path.of("/proc/self/maps"))) {
            int slash = mapping.indexOf('/');
            if (slash >= 0) {
                open.add(mapping.substring(slash));
            }
        }
        return open.stream().filter(file -> file.startsWith(prefix)).distinct().toList();
    }
}
