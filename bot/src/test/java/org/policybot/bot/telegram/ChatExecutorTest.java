package org.policybot.bot.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChatExecutorTest {

    final ChatExecutor executor = new ChatExecutor(4, Executors.defaultThreadFactory());

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void should_run_the_tasks_of_one_chat_one_at_a_time_in_order() throws Exception {
        List<Integer> order = new CopyOnWriteArrayList<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(30);

        for (int i = 0; i < 30; i++) {
            int n = i;
            executor.submit("chat-1", () -> {
                maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                order.add(n);
                sleep(2);
                running.decrementAndGet();
                done.countDown();
            });
        }

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(order).isSorted().hasSize(30);
        assertThat(maxRunning.get()).isEqualTo(1);
    }

    @Test
    void should_drop_queued_tasks_and_take_none_while_paused_but_finish_the_running_one_and_take_tasks_after_resume()
            throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        AtomicInteger dropped = new AtomicInteger();
        executor.submit("chat", () -> {
            started.countDown();
            await(release);
            finished.countDown();
        });
        executor.submit("chat", dropped::incrementAndGet); // queued behind the running task
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

        executor.pause(); // another replica polls now and answers what is still stored
        executor.submit("other", dropped::incrementAndGet);
        release.countDown();
        assertThat(finished.await(5, TimeUnit.SECONDS)).as("the running task finishes").isTrue();
        executor.resume();
        CountDownLatch after = new CountDownLatch(2);
        executor.submit("chat", after::countDown);
        executor.submit("other", after::countDown);

        assertThat(after.await(5, TimeUnit.SECONDS)).as("tasks run again after resume").isTrue();
        Thread.sleep(100);
        assertThat(dropped.get()).as("queued and paused tasks never ran").isZero();
    }

    @Test
    void should_answer_other_chats_while_one_chat_is_slow() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch otherDone = new CountDownLatch(3);
        executor.submit("slow", () -> await(release));
        executor.submit("slow", otherDone::countDown); // queued behind the slow one

        executor.submit("a", otherDone::countDown);
        executor.submit("b", otherDone::countDown);

        assertThat(otherDone.await(200, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(otherDone.getCount()).isEqualTo(1); // only the task queued behind the slow one waits
        release.countDown();
        assertThat(otherDone.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void should_keep_running_a_chat_after_one_of_its_tasks_throws() throws Exception {
        CountDownLatch done = new CountDownLatch(1);

        executor.submit("chat", () -> {
            throw new IllegalStateException("boom");
        });
        executor.submit("chat", done::countDown);

        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
