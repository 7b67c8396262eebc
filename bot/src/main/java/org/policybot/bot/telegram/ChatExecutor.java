package org.policybot.bot.telegram;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks serially per chat and in parallel across chats, so a chat's messages are
 * answered in order and a slow answer in one chat never delays another. After each task
 * the chat yields its thread, so a busy chat cannot starve the others. Once stopping, it
 * starts nothing new: tasks waiting are dropped (their updates stay stored, answered after
 * the restart) and only the tasks already running are waited for, so none is cut off
 * half-sent and sent again after the restart.
 */
final class ChatExecutor {

    private static final Logger log = LoggerFactory.getLogger(ChatExecutor.class);

    private final ExecutorService pool;
    /** Guarded by {@code queues}. */
    private final Map<String, Queue<Runnable>> queues = new HashMap<>();
    /** Guarded by {@code queues}. */
    private boolean stopping;
    /** Guarded by {@code queues}: another replica handles updates for now ({@link #pause()}). */
    private boolean paused;

    ChatExecutor(int threads, ThreadFactory threadFactory) {
        this.pool = Executors.newFixedThreadPool(threads, threadFactory);
    }

    /** Queues a task behind the chat's earlier tasks; dropped when the executor is stopping or paused. */
    void submit(String chat, Runnable task) {
        synchronized (queues) {
            if (stopping || paused) {
                log.debug("Stopping or paused: a chat task left for the next start or the replica that polls");
                return;
            }
            Queue<Runnable> queue = queues.computeIfAbsent(chat, k -> new ArrayDeque<>());
            queue.add(task);
            if (queue.size() == 1) {
                schedule(chat, queue);
            }
        }
    }

    /**
     * Queues the task only when the chat has nothing queued or running here; false otherwise
     * (and when stopping or paused). For work that one task per chat already covers, such as
     * looking for a chat's waiting updates.
     */
    boolean submitIfIdle(String chat, Runnable task) {
        synchronized (queues) {
            if (stopping || paused || queues.containsKey(chat)) {
                return false;
            }
            Queue<Runnable> queue = new ArrayDeque<>();
            queue.add(task);
            queues.put(chat, queue);
            schedule(chat, queue);
            return queues.get(chat) == queue;
        }
    }

    /** Runs the head of the queue next; a run finding the queue replaced (dropped by a pause) does nothing. */
    private void schedule(String chat, Queue<Runnable> queue) {
        try {
            pool.execute(() -> runNext(chat, queue));
        } catch (RejectedExecutionException e) {
            log.debug("Stopping: tasks of a chat left for the next start");
            queues.remove(chat);
        }
    }

    private void runNext(String chat, Queue<Runnable> queue) {
        Runnable task;
        synchronized (queues) {
            if (queues.get(chat) != queue) {
                return;
            }
            if (stopping || paused) {
                queues.remove(chat);
                return;
            }
            task = queue.peek();
        }
        if (task == null) {
            return;
        }
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("A chat task failed", e);
        } finally {
            synchronized (queues) {
                // A pause in between dropped this queue; a new one for the chat schedules itself.
                if (queues.get(chat) == queue) {
                    queue.poll();
                    if (queue.isEmpty() || stopping || paused) {
                        queues.remove(chat);
                    } else {
                        schedule(chat, queue);
                    }
                }
            }
        }
    }

    /** Whether tasks are being started: false once stopping or while paused (a running task may stop early then). */
    boolean taking() {
        synchronized (queues) {
            return !stopping && !paused;
        }
    }

    /** Starts no task from now on; those running go on. Queued ones are dropped. */
    void stopStarting() {
        synchronized (queues) {
            stopping = true;
            queues.clear();
        }
    }

    /**
     * Drops the queued tasks and takes none until {@link #resume()}; the tasks running go on.
     * For a replica that stopped polling: another one now answers what is still stored as
     * unanswered, this one's queue included.
     */
    void pause() {
        synchronized (queues) {
            paused = true;
            queues.clear();
        }
    }

    /** Takes tasks again after {@link #pause()}. */
    void resume() {
        synchronized (queues) {
            paused = false;
        }
    }

    /**
     * Starts nothing more and lets the running tasks finish for up to {@code waitMillis}; any
     * still running then are interrupted.
     */
    void shutdown(long waitMillis) {
        stopStarting();
        pool.shutdown();
        try {
            if (!pool.awaitTermination(waitMillis, TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Stops at once: running tasks are interrupted, queued ones dropped. */
    void shutdownNow() {
        stopStarting();
        pool.shutdownNow();
    }
}
