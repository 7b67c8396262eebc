package org.policybot.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The embedding model loads on a thread of its own as soon as retrieval is wired, and is waited for once. */
class RetrievalBackgroundLoadTest {

    @Test
    void should_start_loading_before_anyone_asks_and_load_once() throws Exception {
        // given
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger loads = new AtomicInteger();
        Supplier<String> model = Retrieval.inBackground(() -> {
            started.countDown();
            loads.incrementAndGet();
            return "model on " + Thread.currentThread().getName();
        }, "test-load");

        // when: nobody has called get() yet
        boolean startedAlone = started.await(10, TimeUnit.SECONDS);

        // then
        assertThat(startedAlone).isTrue();
        assertThat(model.get()).isEqualTo("model on test-load");
        assertThat(model.get()).isEqualTo("model on test-load");
        assertThat(loads).hasValue(1);
    }

    @Test
    void should_rethrow_what_the_load_threw_to_every_caller() {
        // given
        Supplier<String> model = Retrieval.inBackground(() -> {
            throw new IllegalStateException("model file damaged");
        }, "test-load");

        // then
        assertThatThrownBy(model::get).isInstanceOf(IllegalStateException.class).hasMessage("model file damaged");
        assertThatThrownBy(model::get).isInstanceOf(IllegalStateException.class).hasMessage("model file damaged");
    }
}
