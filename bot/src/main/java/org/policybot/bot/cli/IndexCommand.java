package org.policybot.bot.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.policybot.bot.api.UsageException;
import org.policybot.bot.cli.Main;
import org.policybot.config.Settings;
import org.policybot.retrieval.Retrieval;
import org.policybot.retrieval.index.ArticlesFolderException;
import org.policybot.retrieval.index.BuildProgress;
import org.policybot.retrieval.index.IndexService;
import org.policybot.retrieval.ingest.ArticleReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code chatbot index [--articles DIR]}: rebuild the index and swap it in. Only files added
 * or changed since the last build are parsed and only new passages embedded (both cached by
 * content); removed files leave the index. On a terminal a progress bar shows how it goes.
 */
@Command(name = "index", description = "(Re)build the index from the articles folder.")
public final class IndexCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = "--articles", paramLabel = "DIR", description = "articles folder (default: CHATBOT_ARTICLES_DIR or articles/)")
    Path articles;

    @Override
    public Integer call() {
        Settings s = main.settings();
        if (articles != null) {
            s = s.withFolders(articles.toAbsolutePath(), s.dataDir());
        }
        PrintWriter out = spec.commandLine().getOut();
        // A progress bar only for a person watching: on a terminal; logs and pipes get the summary alone.
        ProgressBar bar = System.console() != null ? new ProgressBar(spec.commandLine().getErr(), System::nanoTime) : null;
        try (Retrieval retrieval = new Retrieval(s)) {
            IndexService.BuildResult r;
            try {
                // Built, not opened: a server on the same index opens the new generation itself.
                r = retrieval.index().build(bar == null ? BuildProgress.NONE : bar);
            } catch (ArticlesFolderException e) {
                if (articles == null) {
                    throw e;
                }
                throw new UsageException("--articles: " + e.getMessage());
            } finally {
                if (bar != null) {
                    bar.finish();
                }
            }
            for (ArticleReader.Problem p : r.problems()) {
                out.printf("skipped %s: %s%n", p.file(), p.message());
            }
            out.printf("indexed %d articles, %d passages from %s in %d ms (files: %d parsed, %d unchanged; "
                            + "vectors: %d computed, %d from cache)%n",
                    r.articles(), r.passages(), s.articlesDir(), r.millis(), r.filesParsed(), r.filesUnchanged(),
                    r.vectorsComputed(), r.vectorsCached());
        }
        out.flush();
        return 0;
    }
}
