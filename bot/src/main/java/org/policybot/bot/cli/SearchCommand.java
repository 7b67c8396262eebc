package org.policybot.bot.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.policybot.bot.api.Json;
import org.policybot.bot.api.UsageException;
import org.policybot.bot.cli.Main;
import org.policybot.retrieval.search.Hit;
import org.policybot.retrieval.search.PassageSearcher;
import org.policybot.retrieval.search.SearchResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code chatbot search "查询" [--k N] [--json]} and {@code search --batch FILE}. */
@Command(name = "search", description = "Ranked passages for a query.")
public final class SearchCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "QUERY")
    String query;

    @Option(names = "--k", paramLabel = "N",
            description = "passages to return (1-100; default: the setting chatbot.retrieval.default-k, 5 unless set)")
    Integer givenK;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Option(names = "--batch", paramLabel = "FILE", description = "JSON Lines file of {id, question, context}")
    Path batch;

    @Option(names = "--context", paramLabel = "TEXT", description = "an earlier question of the conversation (repeatable)")
    List<String> context = List.of();

    @Option(names = "--explain", description = "also show how the query was understood (with --json: an \"explain\" field)")
    boolean explain;

    @Override
    public Integer call() {
        if (givenK != null && (givenK < 1 || givenK > 100)) {
            throw new UsageException("--k must be between 1 and 100, got " + givenK);
        }
        int k = givenK != null ? givenK : main.settings().retrieval().defaultK();
        PrintWriter out = spec.commandLine().getOut();
        if (batch != null) {
            if (query != null) {
                throw new UsageException("give either a query or --batch, not both");
            }
            PassageSearcher searcher = main.retrieval().searcher();
            Batch.run(Json.readBatch(batch), out,
                    item -> Json.searchResult(item.id(), item.question(), searcher.search(Queries.require(item.question()), item.context(), k)));
            return 0;
        }
        String q = Queries.require(query);
        SearchResult r = main.retrieval().searcher().search(q, context, k);
        if (json) {
            ObjectNode result = Json.searchResult(null, q, r);
            if (explain) {
                result.set("explain", Json.understood(r.query()));
            }
            out.println(Json.line(result));
            out.flush();
            return 0;
        }
        if (explain) {
            out.printf("intent=%s answer=%s dates=%s normalized=%s%n", r.query().intent(), r.query().answerType(),
                    r.query().dates(), r.query().normalized());
            r.query().terms().forEach(t -> out.printf("  %-12s %.2f %s%n", t.text(), t.weight(), t.source()));
        }
        if (r.hits().isEmpty()) {
            out.println(main.texts().text("cli.search.none"));
        } else {
            for (Hit h : r.hits()) {
                int page = r.corpus() == null ? 0 : r.corpus().page(h.passage());
                out.printf("%d. %s（%s，%s）%s%n   %s%n", h.rank(), h.passage().title(), h.passage().file(),
                        h.passage().isoDate() == null ? main.texts().text("source.no-date") : h.passage().isoDate(),
                        page > 0 ? main.texts().text("source.page", page) : "",
                        h.passage().text().replace("\n", "\n   "));
            }
        }
        out.flush();
        return 0;
    }
}
