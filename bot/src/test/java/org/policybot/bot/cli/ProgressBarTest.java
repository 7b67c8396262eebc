package org.policybot.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The index build's progress line: what it says in each phase, and how often it is redrawn. */
class ProgressBarTest {

    final AtomicLong clock = new AtomicLong(0);
    final StringWriter written = new StringWriter();
    final ProgressBar bar = new ProgressBar(new PrintWriter(written), clock::get);

    void seconds(double s) {
        clock.set((long) (s * 1e9));
    }

    @Test
    void should_show_files_read_and_their_rate_while_reading() {
        seconds(2);
        bar.filesRead(10, 40, 3);

        assertThat(bar.line()).isEqualTo("[######------------------] 10/40 files (3 parsed) · 2 s · 5.0 files/s");
    }

    @Test
    void should_show_passages_and_vectors_and_their_rate_while_embedding() {
        bar.filesRead(40, 40, 1);
        bar.passages(120);
        seconds(10);
        bar.vectors(256, 512);

        assertThat(bar.line()).isEqualTo(
                "[############------------] 40/40 files (1 parsed) · 120 passages · vectors 256/512 · 10 s · 25.6 vectors/s");
    }

    @Test
    void should_say_when_the_index_is_being_written() {
        bar.filesRead(2, 2, 0);
        bar.passages(7);
        seconds(1);
        bar.writing();

        assertThat(bar.line()).isEqualTo("[########################] 2/2 files (0 parsed) · 7 passages · 1 s · writing the index");
    }

    @Test
    void should_redraw_in_place_at_most_five_times_a_second_but_always_at_the_end_of_a_phase() {
        for (int i = 1; i <= 100; i++) {
            clock.addAndGet(10_000_000L); // 10 ms a file
            bar.filesRead(i, 100, i);
        }

        String out = written.toString();
        long draws = out.chars().filter(c -> c == '\r').count();
        assertThat(draws).isBetween(5L, 7L);
        assertThat(out).doesNotContain("\n").endsWith("100/100 files (100 parsed) · 1 s · 100.0 files/s");
    }

    @Test
    void should_blank_the_line_when_finished_so_the_summary_starts_clean() {
        bar.filesRead(1, 1, 1);
        String drawn = written.toString();

        bar.finish();

        String cleared = written.toString().substring(drawn.length());
        assertThat(cleared).matches("\r +\r");
        assertThat(cleared.length() - 2).isEqualTo(drawn.length() - 1);
    }
}
