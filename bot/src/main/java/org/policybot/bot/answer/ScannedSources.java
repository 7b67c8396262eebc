package org.policybot.bot.answer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.policybot.retrieval.ingest.Article;
import org.policybot.retrieval.ingest.Passage;
import org.policybot.retrieval.search.CorpusView;

/**
 * Citations of articles whose text OCR read from scanned pages are marked, so every channel's
 * source line says so ("（扫描件识别文本）"): a reader is told a quote may hold misread characters.
 */
final class ScannedSources {

    private ScannedSources() {
    }

    /** The answer with each citation of an article read by OCR marked; the same answer when there is none. */
    static Answer marked(Answer answer, CorpusView corpus) {
        if (corpus == null || answer.citations().isEmpty()
                || corpus.articles().values().stream().noneMatch(Article::fromOcr)) {
            return answer;
        }
        Map<String, Passage> passages = new HashMap<>();
        for (Passage p : corpus.passages()) {
            passages.put(p.id(), p);
        }
        boolean any = false;
        List<Citation> citations = new ArrayList<>();
        for (Citation c : answer.citations()) {
            Passage p = passages.get(c.passageId());
            boolean ocr = p != null && corpus.article(p.articleId()).map(Article::fromOcr).orElse(false);
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
