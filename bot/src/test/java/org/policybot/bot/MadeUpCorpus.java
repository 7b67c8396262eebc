package org.policybot.bot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.policybot.bot.answer.Answer;
import org.policybot.bot.answer.DefaultAnswerService;
import org.policybot.bot.answer.Question;
import org.policybot.config.Settings;
import org.policybot.retrieval.Retrieval;
import org.policybot.retrieval.text.ChineseText;

/**
 * A small corpus of made-up articles written by a test into its own folder, indexed for real
 * with vectors (the product's default), with the answer service the product wires over it. Tests of the
 * answer logic use it so they do not depend on the bundled articles.
 */
public final class MadeUpCorpus implements AutoCloseable {

    private final Path articles;
    private final Path data;
    private Retrieval retrieval;
    private DefaultAnswerService answers;
    private java.time.Clock clock = java.time.Clock.systemDefaultZone();

    private MadeUpCorpus(Path root) {
        this.articles = root.resolve("articles");
        this.data = root.resolve("data");
    }

    /** An empty corpus in this folder. */
    public static MadeUpCorpus in(Path root) {
        MadeUpCorpus c = new MadeUpCorpus(root);
        try {
            Files.createDirectories(c.articles);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return c;
    }

    /** Adds an article: its title, then one paragraph per string. */
    public MadeUpCorpus article(String file, String title, String... paragraphs) {
        StringBuilder sb = new StringBuilder(title).append("\n\n");
        for (String p : paragraphs) {
            sb.append(p).append("\n\n");
        }
        try {
            Files.writeString(articles.resolve(file), sb.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Answers as on the day of this clock (which documents are in force, relative years); set before the first question. */
    public MadeUpCorpus on(java.time.Clock today) {
        this.clock = today;
        return this;
    }

    /** Writes a file of the articles folder as it is (a sidecar, a Markdown file with front matter). */
    public MadeUpCorpus file(String name, String text) {
        try {
            Files.writeString(articles.resolve(name), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public Path articles() {
        return articles;
    }

    /** The answer service over the corpus (indexed on first use). */
    public DefaultAnswerService answers() {
        if (answers == null) {
            Settings settings = TestSettings.of(data, Map.of("CHATBOT_ARTICLES_DIR", articles.toString(),
                    "CHATBOT_RETRIEVAL_VECTORS", "true"));
            retrieval = new Retrieval(settings);
            answers = new DefaultAnswerService(retrieval.searcher(), Optional.empty(), null, articles, clock);
        }
        return answers;
    }

    public Answer ask(String question, String... context) {
        return answers().answer(new Question(question, java.util.List.of(context), "", ""));
    }

    /** The answer's text and quotes, without whitespace: what a reader sees. */
    public static String shown(Answer a) {
        StringBuilder sb = new StringBuilder(ChineseText.compact(a.text()));
        a.citations().forEach(c -> sb.append(ChineseText.compact(c.quote())));
        return sb.toString();
    }

    @Override
    public void close() {
        if (retrieval != null) {
            retrieval.close();
        }
    }
}
