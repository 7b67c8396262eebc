package org.policybot.bot.cli;

import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.policybot.bot.App;
import org.policybot.bot.cli.Main;
import org.policybot.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code chatbot serve}: the HTTP API, the staff page and every configured channel, until
 * Ctrl-C or SIGTERM, which stop it cleanly (requests in flight finish, the index and the
 * database close). Start-up problems end it at once with a one-line message.
 */
@Command(name = "serve", description = "Run the HTTP API, the staff page and every configured channel.")
public final class ServeCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Override
    public Integer call() throws InterruptedException {
        // A server reports what it turns on; the one-shot commands stay quiet.
        if (System.getProperty("policybot.log.level") == null) {
            System.setProperty("policybot.log.level", main.isVerbose() ? "DEBUG" : "INFO");
        }
        Settings settings = main.settings();
        AtomicReference<App> running = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        // Registered before start-up, so a SIGTERM right after the server answers its first request still closes it.
        Thread hook = new Thread(() -> {
            try {
                App app = running.getAndSet(null);
                if (app != null) {
                    app.close();
                }
            } finally {
                stopped.countDown();
            }
        }, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        App app;
        try {
            app = App.start(settings, Clock.systemDefaultZone());
        } catch (RuntimeException e) {
            removeHook(hook);
            throw e;
        }
        running.set(app);
        if (stopped.getCount() == 0 && running.compareAndSet(app, null)) {
            app.close();
        }
        stopped.await();
        return 0;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already stopping; the hook finds nothing to close.
        }
    }
}
