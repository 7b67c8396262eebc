package org.policybot.bot.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.policybot.bot.llm.LogCapture;
import org.slf4j.LoggerFactory;

class ThrottledLogTest {

    @Test
    void should_write_the_first_line_of_a_period_and_count_the_rest_in_the_next_line() throws Exception {
        String name = "throttled-log-test";
        try (LogCapture logs = LogCapture.debug(name)) {
            // given
            ThrottledLog throttled = new ThrottledLog(LoggerFactory.getLogger(name), Duration.ofMillis(300));

            // when: 50 events at once, then one after the period
            for (int i = 0; i < 50; i++) {
                throttled.info("Request body from 127.0.0.9 malformed");
            }
            Thread.sleep(400);
            throttled.info("Request body from 127.0.0.9 malformed");

            // then
            assertThat(logs.messages()).containsExactly(
                    "Request body from 127.0.0.9 malformed",
                    "Request body from 127.0.0.9 malformed (49 more like it since the last such line, not logged)");
        }
    }
}
