package org.policybot.bot.answer;

import java.util.ArrayList;
import java.util.List;
import org.policybot.retrieval.ingest.Article;
import org.policybot.retrieval.search.CorpusView;

/**
 * Citations of articles whose text OCR read from scanned pages, and of the text OCR read from
 * a picture in a Word file, are marked, so every channel's
 * source line says so ("（扫描件识别文本）"): a reader is told a quote may hold misread characters.
 */
final class ScannedSources {

    private ScannedSources() {
    }

    /** The answer with each citation of an article read by OCR marked; the same answer when there is none. */
    static Answer marked(Answer answer, CorpusView corpus) {
        if (corpus == null || answer.citations().isEmpty()) {
            return answer;
        }
        // OCR reads whole scans, or the pictures of a Word file into a section of their own: a citation is
        // marked by its passage's article or section (no walk over the corpus).
        boolean any = false;
        List<Citation> citations = new ArrayList<>();
        for (Citation c : answer.citations()) {
            boolean ocr = corpus.passage(c.passageId())
                    .map(p -> p.section().equals(Article.PICTURE_SECTION)
                            || corpus.article(p.articleId()).map(Article::fromOcr).orElse(false))
                    .orElse(false);
            citations.add(ocr && !c.ocr() ? c.withOcr() : c);
            any |= ocr;
        }
        if (!any) {
            return answer;
        }
        return new Answer(answer.question(), answer.text(), citations, answer.outcome(), answer.mode(), answer.confidence(),
                answer.options());
    }
}
