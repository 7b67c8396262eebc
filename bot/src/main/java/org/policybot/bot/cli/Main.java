package org.policybot.bot.cli;

import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.policybot.bot.AnswerPath;
import org.policybot.bot.answer.DefaultAnswerService;
import org.policybot.bot.api.UsageException;
import org.policybot.bot.cli.AskCommand;
import org.policybot.bot.cli.DigestCommand;
import org.policybot.bot.cli.EvalCommand;
import org.policybot.bot.cli.IndexCommand;
import org.policybot.bot.cli.SearchCommand;
import org.policybot.bot.cli.ServeCommand;
import org.policybot.bot.cli.TrainCommand;
import org.policybot.bot.messages.Messages;
import org.policybot.bot.store.StoreException;
import org.policybot.bot.web.WebServerException;
import org.policybot.config.Settings;
import org.policybot.config.SettingsException;
import org.policybot.config.SettingsLoader;
import org.policybot.retrieval.Retrieval;
import org.policybot.retrieval.index.ArticlesFolderException;
import org.policybot.retrieval.index.IndexException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The command line: {@code chatbot ask | search | eval | index | serve | digest}. Wires the
 * components each command needs with constructors; exit code 0 on success, 2 on bad usage
 * or configuration (one line naming what is wrong), 1 on other failures.
 */
@Command(name = "chatbot", mixinStandardHelpOptions = true, version = "policybot 0.1.0",
        description = "Answers Chinese questions from policy and news articles, with citations.",
        subcommands = {AskCommand.class, SearchCommand.class, EvalCommand.class, IndexCommand.class, ServeCommand.class,
                DigestCommand.class, TrainCommand.class})
public final class Main implements Callable<Integer> {

    /** The setting that names the articles folder. */
    static final String ARTICLES_DIR_KEY = "chatbot.articles-dir";

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "settings file layered over the defaults (also CHATBOT_CONFIG)")
    Path config;

    @Option(names = {"-v", "--verbose"}, description = "log progress to stderr")
    boolean verbose;

    private final Map<String, String> env;
    private final Path baseDir;
    private Settings settings;
    private Retrieval retrieval;
    private DefaultAnswerService answers;
    private Messages texts;

    public Main(Map<String, String> env, Path baseDir) {
        this.env = env;
        this.baseDir = baseDir;
    }

    public static void main(String[] args) {
        String home = System.getProperty("policybot.home");
        Path base = home == null ? Path.of("").toAbsolutePath() : Path.of(home);
        // UTF-8 whatever the platform charset: the output is Chinese text and JSON.
        int code = run(args, System.getenv(), base, utf8(System.out), utf8(System.err));
        System.exit(code);
    }

    private static PrintWriter utf8(OutputStream stream) {
        return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
    }

    /** Runs one command; used by tests with their own environment and output. */
    public static int run(String[] args, Map<String, String> env, Path baseDir, PrintWriter out, PrintWriter err) {
        Main main = new Main(env, baseDir);
        CommandLine cli = new CommandLine(main);
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, a) -> {
            err.println("error: " + ex.getMessage());
            err.println("Try 'chatbot " + (ex.getCommandLine() == cli ? "" : ex.getCommandLine().getCommandName() + " ") + "--help'.");
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof SettingsException || ex instanceof UsageException) {
                err.println("error: " + ex.getMessage());
                return 2;
            }
            if (ex instanceof ArticlesFolderException) {
                // The folder comes from the settings (index --articles reports its own): a configuration error.
                err.println("error: " + ARTICLES_DIR_KEY + " (" + SettingsLoader.envName(ARTICLES_DIR_KEY) + "): " + ex.getMessage());
                return 2;
            }
            String message = ex instanceof IndexException || ex instanceof WebServerException || ex instanceof StoreException
                    || ex instanceof ServerAsk.ServerAskException
                    ? ex.getMessage() : ex.getClass().getSimpleName() + ": " + ex.getMessage();
            err.println("error: " + message);
            if (main.verbose) {
                ex.printStackTrace(err);
            }
            return 1;
        });
        try {
            return cli.execute(args);
        } finally {
            main.close();
        }
    }

    /** {@code chatbot} with no command: bad usage, one line on stderr ({@code --help} prints the usage). */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("error: missing command: one of "
                + String.join(", ", spec.subcommands().keySet()) + " (see chatbot --help)");
        return 2;
    }

    /** Settings, loaded once; bad values throw {@link SettingsException}. */
    public synchronized Settings settings() {
        if (settings == null) {
            if (!verbose && System.getProperty("policybot.log.level") == null) {
                System.setProperty("policybot.log.level", "WARN");
            }
            // --config and CHATBOT_CONFIG name a file from where the command runs, as --batch does.
            settings = new SettingsLoader(env, baseDir, Path.of("").toAbsolutePath()).load(Optional.ofNullable(config));
        }
        return settings;
    }

    /** The project folder: where relative paths in settings and the bundled sets are resolved. */
    public Path baseDir() {
        return baseDir;
    }

    public boolean isVerbose() {
        return verbose;
    }

    public synchronized Retrieval retrieval() {
        if (retrieval == null) {
            retrieval = new Retrieval(settings());
        }
        return retrieval;
    }

    /** The answer service for one-off questions (no conversation memory, no database). */
    public synchronized DefaultAnswerService answers() {
        if (answers == null) {
            Retrieval r = retrieval();
            answers = AnswerPath.oneOff(settings(), r.searcher(), texts());
        }
        return answers;
    }

    /** The texts users read, as the settings' messages file words them; read once. */
    public synchronized Messages texts() {
        if (texts == null) {
            texts = Messages.load(settings().texts());
        }
        return texts;
    }

    private void close() {
        if (retrieval != null) {
            retrieval.close();
        }
    }
}
