package org.policybot.bot.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import org.policybot.bot.App;
import org.policybot.bot.cli.Main;
import org.policybot.bot.digest.DigestService;
import org.policybot.bot.digest.DigestWording;
import org.policybot.bot.digest.Digests;
import org.policybot.bot.store.Database;
import org.policybot.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code chatbot digest [--preview]}: builds the digest of new and changed articles for
 * every target and sends it now; with {@code --preview}, prints it without sending or
 * recording anything. Exit code 1 when a target could not be reached (it is retried on the
 * next run) or was refused permanently in this run (it is then paused, and later runs report
 * it as paused without failing).
 */
@Command(name = "digest", description = "Build (and without --preview, send) the group digest.")
public final class DigestCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = "--preview", description = "print the digest; send and record nothing")
    boolean preview;

    @Override
    public Integer call() {
        Settings settings = main.settings();
        PrintWriter out = spec.commandLine().getOut();
        try (Database db = Database.open(settings.database())) {
            DigestWording wording = new DigestWording(main.texts());
            DigestService digests = Digests.create(settings, db, main.answers()::digestSummary, () -> main.retrieval().searcher().corpus(),
                    App.digestSenders(settings, Clock.systemDefaultZone(), wording), Clock.systemDefaultZone(), wording);
            List<DigestService.TargetResult> results = digests.run(preview);
            if (results.isEmpty()) {
                out.println(main.texts().text("cli.digest.no-targets"));
                out.flush();
                return 0;
            }
            boolean failed = false;
            for (DigestService.TargetResult r : results) {
                out.printf("%s: %s (%s) %s%n", r.target().masked(), r.status().name().toLowerCase(java.util.Locale.ROOT),
                        main.texts().text("cli.digest.articles", r.articles()), r.detail());
                for (String title : r.uncertain()) {
                    out.printf("  uncertain: %s — a run stopped while sending it; it may have arrived and is not sent again%n", title);
                }
                if (preview) {
                    r.messages().forEach(m -> out.println(m + "\n"));
                }
                failed |= r.status() == DigestService.Status.FAILED;
            }
            out.flush();
            return failed ? 1 : 0;
        }
    }
}
