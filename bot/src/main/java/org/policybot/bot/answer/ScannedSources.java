package org.policybot.bot.answer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.policybot.retrieval.ingest.Article;
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
        if (corpus == null || answer.citations().isEmpty()) {
            return answer;
        }
        // OCR reads whole documents: a citation is marked by its file (no walk over every passage).
        Set<String> scanned = new HashSet<>();
        for (Article a : corpus.articles().values()) {
            if (a.fromOcr()) {
                scanned.add(a.file());
            }
        }
        if (scanned.isEmpty()) {
            return answer;
        }
        boolean any = false;
        List<Citation> citations = new ArrayList<>();
        for (Citation c : answer.citations()) {
            boolean ocr = scanned.contains(c.file());
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
