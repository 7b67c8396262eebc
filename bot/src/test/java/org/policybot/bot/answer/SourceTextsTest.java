package org.policybot.bot.answer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.policybot.bot.llm.LogCapture;

/** The article files quotes are checked against, and what is said when they cannot be read. */
class SourceTextsTest {

    @TempDir
    Path dir;

    @Test
    void should_warn_naming_the_folder_and_the_reason_when_the_articles_cannot_be_read() {
        // given: the articles folder has gone since the index was built
        Path gone = dir.resolve("articles");

        try (LogCapture logs = LogCapture.debug(SourceTexts.class.getName())) {
            // when
            SourceTexts texts = SourceTexts.load(gone);

            // then: every quote check fails safe, and the log says why
            assertThat(texts.verbatim("000_4ef72f09c3654e03.txt", "养老保险")).isFalse();
            assertThat(logs.messages()).singleElement().asString()
                    .contains(gone.toString()).contains("NoSuchFileException").contains("every answer");
        }
    }
}
