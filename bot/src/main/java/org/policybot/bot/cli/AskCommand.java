package org.policybot.bot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.policybot.bot.answer.Answer;
import org.policybot.bot.answer.AnswerService;
import org.policybot.bot.answer.Citation;
import org.policybot.bot.answer.Question;
import org.policybot.bot.api.Json;
import org.policybot.bot.api.UsageException;
import org.policybot.bot.channel.Clarifications;
import org.policybot.bot.messages.Messages;
import org.policybot.bot.cli.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code chatbot ask "问题" [--context "上一个问题"]… [--as-of YYYY-MM-DD] [--json]} and
 * {@code ask --batch FILE --json}.
 */
@Command(name = "ask", description = "Answer one question (or a batch) with citations.")
public final class AskCommand implements Callable<Integer> {


    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "QUESTION")
    String question;

    @Option(names = "--context", paramLabel = "TEXT", description = "an earlier question of the conversation (repeatable, oldest first)")
    List<String> context = List.of();

    @Option(names = "--json", description = "print the Answer JSON")
    boolean json;

    @Option(names = "--batch", paramLabel = "FILE", description = "JSON Lines file of {id, question, context}")
    Path batch;

    @Option(names = "--as-of", paramLabel = "DATE", converter = Day.class,
            description = "the day asked about (YYYY-MM-DD): prefer the documents in force that day (default: today)")
    LocalDate asOf;

    @Option(names = "--server", paramLabel = "URL",
            description = "ask a running 'chatbot serve' (e.g. http://127.0.0.1:8080) instead of loading the index here")
    String server;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (batch != null && question != null) {
            throw new UsageException("give either a question or --batch, not both");
        }
        if (server != null) {
            return callServer(new ServerAsk(server), out);
        }
        AnswerService answers = main.answers();
        if (batch != null) {
            Batch.run(Json.readBatch(batch), out,
                    item -> Json.answer(item.id(), answers.answer(question(item.question(), item.context()))));
            return 0;
        }
        String q = Queries.require(question);
        Answer a = answers.answer(question(q, context));
        if (json) {
            out.println(Json.line(Json.answer(null, a)));
        } else {
            print(a, main.texts(), out);
        }
        out.flush();
        return 0;
    }

    /** A day written YYYY-MM-DD, said plainly when it is not one. */
    static final class Day implements ITypeConverter<LocalDate> {
        @Override
        public LocalDate convert(String value) {
            try {
                return LocalDate.parse(value.strip());
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is not a date: write it as YYYY-MM-DD, e.g. 2024-06-30");
            }
        }
    }

    private Question question(String text, List<String> earlier) {
        return new Question(text, earlier, "", "", Optional.ofNullable(asOf));
    }

    /** The same output as a local answer, from the server's Answer JSON. */
    private Integer callServer(ServerAsk remote, PrintWriter out) {
        if (batch != null) {
            Batch.run(Json.readBatch(batch), out, item -> {
                JsonNode n = remote.answerJson(question(item.question(), item.context()));
                ObjectNode line = Json.MAPPER.createObjectNode();
                if (item.id() != null) {
                    line.set("id", item.id());
                }
                // The batch's own id, not the server's request id.
                ((ObjectNode) n).fieldNames().forEachRemaining(f -> {
                    if (!f.equals("id")) {
                        line.set(f, n.get(f));
                    }
                });
                return line;
            });
            return 0;
        }
        Question q = question(Queries.require(question), context);
        if (json) {
            out.println(Json.line(remote.answerJson(q)));
        } else {
            print(remote.answer(q), main.texts(), out);
        }
        out.flush();
        return 0;
    }

    /**
     * The answer as text: a clarify answer as its question, the options numbered and how to
     * ask again; any other (a related one is framed by its text) with its sources.
     */
    static void print(Answer a, Messages texts, PrintWriter out) {
        if (a.outcome() == Answer.Outcome.CLARIFY && !a.options().isEmpty()) {
            out.println(Clarifications.prompt(a));
            out.println(Clarifications.numbered(a.options()));
            out.println();
            out.println(texts.text("cli.ask.clarify-hint"));
            return;
        }
        out.println(a.text());
        if (!a.citations().isEmpty()) {
            out.println();
            out.println(texts.text("cli.ask.sources"));
            for (Citation c : a.citations()) {
                out.printf("[%d] %s %s%n    “%s”%n", c.n(), c.sourceLine(texts), c.file(), c.quote());
            }
        }
    }
}
