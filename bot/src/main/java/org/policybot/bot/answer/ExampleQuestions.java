package org.policybot.bot.answer;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.policybot.retrieval.ingest.Article;

/**
 * Example questions the corpus in service can answer, for the welcome texts when the
 * settings name none: first the usual citizens' questions of {@code example-questions.txt},
 * then questions made from the articles' headings and titles (newest article first), each
 * kept only when the answer service answers it with {@link Answer.Outcome#ANSWERED}.
 * Deterministic for a corpus; asking them also warms the answer path up.
 */
public final class ExampleQuestions {

    /**
     * How a heading or title becomes a question ({@code %s} is the heading).
     * NOTE: plain question frames over the article's own words, so the answer they get comes
     * from that article; which ones a corpus answers is decided by the answer service, not here.
     */
    static final List<String> TEMPLATES = List.of("%s是什么？", "%s有哪些内容？");

    /** At most this many headings are asked about, so start-up stays short on a corpus that answers none. */
    static final int MAX_TRIED = 16;

    /** Headings shorter or longer than this make poor questions (a single word, a whole sentence). */
    private static final int MIN_LENGTH = 2;
    private static final int MAX_LENGTH = 24;

    /** Punctuation around a heading ("——", "：", "《》", "#"), dropped before it is framed. */
    private static final Pattern TRIM = Pattern.compile("^[\\p{Punct}\\p{IsPunctuation}\\s#]+|[\\p{Punct}\\p{IsPunctuation}\\s]+$");

    private ExampleQuestions() {
    }

    /**
     * Up to {@code wanted} questions over {@code articles} that {@code answers} answers: first
     * one per article (newest first), then more from the articles in the same order.
     */
    public static List<String> choose(AnswerService answers, Collection<Article> articles, int wanted) {
        return choose(answers, usualQuestions(), articles, wanted);
    }

    /** The same, trying {@code candidates} (ready-made questions) before the articles' headings. */
    public static List<String> choose(AnswerService answers, List<String> candidates, Collection<Article> articles, int wanted) {
        List<String> chosen = new ArrayList<>();
        for (String candidate : candidates) {
            if (chosen.size() >= wanted) {
                return chosen;
            }
            if (answers.answer(Question.of(candidate)).outcome() == Answer.Outcome.ANSWERED) {
                chosen.add(candidate);
            }
        }
        List<List<String>> subjects = subjects(articles);
        Set<String> asked = new LinkedHashSet<>();
        for (boolean onePerArticle : new boolean[] {true, false}) {
            for (List<String> ofArticle : subjects) {
                for (String subject : ofArticle) {
                    if (chosen.size() >= wanted || asked.size() >= MAX_TRIED) {
                        return chosen;
                    }
                    if (asked.contains(subject)) {
                        continue;
                    }
                    asked.add(subject);
                    Optional<String> q = answered(answers, subject);
                    if (q.isPresent()) {
                        chosen.add(q.get());
                        if (onePerArticle) {
                            break;
                        }
                    }
                }
            }
        }
        return chosen;
    }

    /** The bundled list of questions citizens usually ask (comment lines start with #). */
    static List<String> usualQuestions() {
        try (var in = ExampleQuestions.class.getResourceAsStream("/example-questions.txt")) {
            if (in == null) {
                return List.of();
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The first framing of the subject that gets an answer. */
    private static Optional<String> answered(AnswerService answers, String subject) {
        for (String template : TEMPLATES) {
            String question = String.format(template, subject);
            if (answers.answer(Question.of(question)).outcome() == Answer.Outcome.ANSWERED) {
                return Optional.of(question);
            }
        }
        return Optional.empty();
    }

    /** Per article (newest first, then by title), the subjects of its questions: its headings, then its title. */
    static List<List<String>> subjects(Collection<Article> articles) {
        List<Article> ordered = articles.stream()
                .sorted(Comparator.comparing((Article a) -> a.date().orElse(LocalDate.MIN)).reversed()
                        .thenComparing(Article::title).thenComparing(Article::id))
                .toList();
        List<List<String>> out = new ArrayList<>();
        for (Article a : ordered) {
            Set<String> ofArticle = new LinkedHashSet<>();
            for (Article.Section s : a.sections()) {
                subject(s.heading()).ifPresent(ofArticle::add);
            }
            subject(a.title()).ifPresent(ofArticle::add);
            out.add(List.copyOf(ofArticle));
        }
        return out;
    }

    private static Optional<String> subject(String heading) {
        String s = TRIM.matcher(heading.strip()).replaceAll("");
        int length = s.codePointCount(0, s.length());
        return length >= MIN_LENGTH && length <= MAX_LENGTH && !s.contains("\n")
                ? Optional.of(s) : Optional.empty();
    }
}
