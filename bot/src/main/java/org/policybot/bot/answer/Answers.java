package org.policybot.bot.answer;

import java.util.ArrayList;
import java.util.List;
import org.policybot.retrieval.ingest.Passage;

/** Turns a composition into an {@link Answer}: citation markers, numbered citations, quotes. */
final class Answers {

    /** How many article titles a topic-less summary request is offered. */
    static final int TITLES_OFFERED = 5;

    private Answers() {
    }

    /** The reply to "总结一下" with no topic: the newest articles' titles, to name one. */
    static String whichArticle(AnswerTexts texts, java.util.Collection<org.policybot.retrieval.ingest.Article> articles) {
        StringBuilder sb = new StringBuilder(texts.whichArticle());
        List<org.policybot.retrieval.ingest.Article> newest = articles.stream()
                .filter(a -> !a.title().isBlank())
                .sorted(java.util.Comparator.comparing((org.policybot.retrieval.ingest.Article a) -> a.date().orElse(java.time.LocalDate.MIN))
                        .reversed().thenComparing(org.policybot.retrieval.ingest.Article::title))
                .limit(TITLES_OFFERED).toList();
        for (int i = 0; i < newest.size(); i++) {
            sb.append('\n').append(i + 1).append(". 《").append(newest.get(i).title()).append('》');
        }
        return sb.toString();
    }

    /** The question back when the rule differs by region: "…哪个地方？ 1. 安澜 2. 禾丰". */
    static String clarifyText(AnswerTexts texts, List<String> regions) {
        StringBuilder sb = new StringBuilder(texts.clarify());
        for (int i = 0; i < regions.size(); i++) {
            sb.append('\n').append(i + 1).append(". ").append(regions.get(i));
        }
        return sb.toString();
    }

    static Answer declined(AnswerTexts texts, String question, double confidence) {
        return texts.declined(question, Answer.Mode.EXTRACTIVE, confidence);
    }

    static Answer of(AnswerTexts texts, String question, Composition c) {
        return of(texts, question, c, null);
    }

    /** @param sources the texts quoted from, which say on which page of a PDF a quote is (null: no pages) */
    static Answer of(AnswerTexts texts, String question, Composition c, SourceTexts sources) {
        if (c.declined()) {
            return declined(texts, question, c.confidence());
        }
        if (c.outcome() == Answer.Outcome.CLARIFY) {
            return new Answer(question, clarifyText(texts, c.options()), List.of(), Answer.Outcome.CLARIFY, Answer.Mode.EXTRACTIVE,
                    c.confidence(), c.options());
        }
        // One citation per run of consecutive sentences of one passage, so every quote is verbatim.
        List<Integer> numberOfPiece = new ArrayList<>();
        List<Passage> citedPassages = new ArrayList<>();
        List<StringBuilder> quotes = new ArrayList<>();
        List<Integer> lastIndex = new ArrayList<>();
        // Whether a citation's quote is made of whole sentences only: a partial quote (the
        // verbatim part of a sentence the reader joined) cannot be continued verbatim.
        List<Boolean> whole = new ArrayList<>();
        List<Composition.Piece> ordered = c.pieces();
        for (Composition.Piece piece : ordered) {
            boolean wholeSentence = piece.quote().equals(piece.sentence());
            int found = -1;
            for (int i = 0; i < citedPassages.size(); i++) {
                if (citedPassages.get(i).id().equals(piece.passage().id()) && lastIndex.get(i) == piece.index() - 1
                        && wholeSentence && whole.get(i)) {
                    found = i;
                }
            }
            if (found < 0) {
                citedPassages.add(piece.passage());
                quotes.add(new StringBuilder(piece.quote()));
                lastIndex.add(piece.index());
                whole.add(wholeSentence);
                found = citedPassages.size() - 1;
            } else {
                quotes.get(found).append(piece.quote());
                lastIndex.set(found, piece.index());
            }
            numberOfPiece.add(found + 1);
        }
        StringBuilder text = new StringBuilder();
        boolean related = c.outcome() == Answer.Outcome.RELATED;
        boolean list = !c.prefix().isEmpty();
        if (related) {
            text.append(texts.relatedPrefix()).append('\n');
        }
        if (list) {
            text.append(c.prefix());
        }
        int point = 0;
        for (int i = 0; i < ordered.size(); i++) {
            Composition.Piece piece = ordered.get(i);
            if (list) {
                text.append('\n').append(++point).append(". ");
                if (!piece.label().isEmpty()) {
                    text.append(piece.label()).append("：");
                }
            }
            text.append(piece.sentence()).append('[').append(numberOfPiece.get(i)).append(']');
        }
        if (related) {
            text.append('\n').append(texts.relatedHint());
        }
        List<Citation> citations = new ArrayList<>();
        for (int i = 0; i < citedPassages.size(); i++) {
            Passage p = citedPassages.get(i);
            citations.add(Citation.quoting(i + 1, p, quotes.get(i).toString(), sources));
        }
        return new Answer(question, text.toString(), citations, c.outcome(), Answer.Mode.EXTRACTIVE, c.confidence(), c.options());
    }
}
