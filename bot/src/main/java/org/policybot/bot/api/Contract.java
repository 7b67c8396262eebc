package org.policybot.bot.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.policybot.bot.answer.Answer;
import org.policybot.bot.answer.Citation;
import org.policybot.retrieval.ingest.Passage;
import org.policybot.retrieval.search.CorpusView;
import org.policybot.retrieval.search.Hit;
import org.policybot.retrieval.search.SearchResult;
import org.policybot.retrieval.search.UnderstoodQuery;

/**
 * The JSON documents of the command line and the HTTP API (README, "Commands" and
 * "Routes") as records, written by the one Jackson mapper of {@link Json}: a field's name,
 * order and presence are what the record says. Nulls are written as {@code null} except
 * where a field is marked to be left out.
 */
public final class Contract {

    private Contract() {
    }

    /** The Answer JSON ({@code ask --json}, {@code POST /api/ask}). */
    public record AnswerBody(@JsonInclude(JsonInclude.Include.NON_NULL) JsonNode id, String question, String answer,
                             String outcome, boolean declined, String mode, List<CitationBody> citations,
                             double confidence, @JsonInclude(JsonInclude.Include.NON_NULL) List<String> options) {

        public static AnswerBody of(JsonNode id, Answer a) {
            return new AnswerBody(id, a.question(), a.text(), a.outcome().json(), a.declined(), a.mode().json(),
                    a.citations().stream().map(CitationBody::of).toList(), Math.round(a.confidence() * 1000) / 1000.0,
                    a.outcome() == Answer.Outcome.CLARIFY ? a.options() : null);
        }
    }

    /**
     * A citation; {@code ocr} (true) only when the quoted article was read from a scanned PDF by OCR;
     * {@code section} the heading of the quoted passage's section ("" for an article's lead); {@code page}
     * the PDF page the quote starts on, only for a PDF.
     */
    public record CitationBody(int n, String passageId, String title, String file, String date, String quote,
                               @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean ocr, String section,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Integer page) {
        static CitationBody of(Citation c) {
            return new CitationBody(c.n(), c.passageId(), c.title(), c.file(), c.date(), c.quote(), c.ocr(), c.section(),
                    c.page() > 0 ? c.page() : null);
        }
    }

    /** The search JSON ({@code search --json}, {@code GET /api/search}). */
    public record SearchBody(@JsonInclude(JsonInclude.Include.NON_NULL) JsonNode id, String query, List<HitBody> hits) {

        public static SearchBody of(JsonNode id, String query, SearchResult result) {
            return new SearchBody(id, query, result.hits().stream().map(h -> HitBody.of(h, result.corpus())).toList());
        }
    }

    /** A ranked passage; {@code page} the PDF page it starts on, only for a PDF. */
    public record HitBody(int rank, double score, String passageId, String title, String file, String date, String text,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Integer page) {
        static HitBody of(Hit h, CorpusView corpus) {
            Passage p = h.passage();
            int page = corpus == null ? 0 : corpus.page(p);
            return new HitBody(h.rank(), h.score(), p.id(), p.title(), p.file(), p.isoDate(), p.text(), page > 0 ? page : null);
        }
    }

    /** How a query was understood ({@code search --explain --json}). */
    public record UnderstoodBody(String intent, String answerType, String normalized, List<DateBody> dates,
                                 List<TermBody> terms) {

        public static UnderstoodBody of(UnderstoodQuery q) {
            return new UnderstoodBody(q.intent().name(), q.answerType().name(), q.normalized(),
                    q.dates().stream().map(d -> new DateBody(d.text(), d.first().toString(), d.last().toString())).toList(),
                    q.terms().stream().map(t -> new TermBody(t.text(), t.weight(), t.source().name())).toList());
        }
    }

    public record DateBody(String text, String first, String last) {
    }

    public record TermBody(String text, double weight, String source) {
    }

    /** One passage ({@code GET /api/passages/{id}}, and inside an article). */
    public record PassageBody(String passageId, String articleId, String title, String date, String file, String section,
                              int position, String text, @JsonInclude(JsonInclude.Include.NON_NULL) List<Integer> paragraphs) {

        /** @param paragraphs the article paragraphs the passage covers, or {@code null} when shown alone */
        public static PassageBody of(Passage p, List<Integer> paragraphs) {
            return new PassageBody(p.id(), p.articleId(), p.title(), p.isoDate(), p.file(), p.section(), p.position(),
                    p.text(), paragraphs);
        }
    }

    /**
     * One article for the staff page ({@code GET /api/articles/{id}}): text by section, paragraphs numbered across it;
     * {@code validity} its standing today, when anything is known of when it is in force.
     */
    public record ArticleBody(String id, String title, String subtitle, String date, String source, String byline, String file,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> info,
                              @JsonInclude(JsonInclude.Include.NON_NULL) ValidityBody validity,
                              @JsonInclude(JsonInclude.Include.NON_NULL) String extractedText,
                              List<SectionBody> sections, List<PassageBody> passages) {
    }

    /**
     * A document's standing on a day: {@code status} is {@code in-force}, {@code not-yet-in-force},
     * {@code expired} or {@code superseded}; {@code date} the day it takes effect or its last day in
     * force; {@code by} the document that replaces it.
     */
    public record ValidityBody(String status, @JsonInclude(JsonInclude.Include.NON_NULL) String date,
                               @JsonInclude(JsonInclude.Include.NON_EMPTY) String by) {
    }

    public record SectionBody(String heading, List<ParagraphBody> paragraphs) {
    }

    public record ParagraphBody(int index, String text) {
    }
}
