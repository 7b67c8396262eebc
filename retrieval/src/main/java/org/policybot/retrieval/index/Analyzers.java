package org.policybot.retrieval.index;

import com.hankcs.hanlp.seg.common.Term;
import java.io.IOException;
import java.io.Reader;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cjk.CJKAnalyzer;
import org.apache.lucene.analysis.core.LowerCaseFilter;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.policybot.retrieval.text.Segmenter;

/**
 * The analyzers of the index. Input is already folded, so analyzers only cut it:
 * HanLP words for the word fields and overlapping bigrams for the bigram fields.
 */
public final class Analyzers {

    private Analyzers() {
    }

    /** Bigrams over CJK runs; Latin words and numbers stay whole. No stopwords. */
    public static Analyzer bigrams() {
        return new CJKAnalyzer(CharArraySet.EMPTY_SET);
    }

    /** HanLP segmentation into words; punctuation dropped. */
    public static Analyzer words() {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer tokenizer = new HanLpTokenizer();
                TokenStream stream = new LowerCaseFilter(tokenizer);
                return new TokenStreamComponents(tokenizer, stream);
            }
        };
    }

    static Analyzer perField() {
        Analyzer words = words();
        Analyzer bigrams = bigrams();
        return new PerFieldAnalyzerWrapper(words, Map.of(
                Fields.WORDS, words,
                Fields.CONTEXT_WORDS, words,
                Fields.HEAD_WORDS, words,
                Fields.BIGRAMS, bigrams,
                Fields.CONTEXT_BIGRAMS, bigrams,
                Fields.HEAD_BIGRAMS, bigrams));
    }

    /** Words of a text as the word fields see them (for building queries that match). */
    public static List<String> segment(String foldedText) {
        return Segmenter.segment(foldedText).stream().map(t -> t.word.strip()).filter(w -> !w.isEmpty() && hasLetterOrDigit(w)).toList();
    }

    static boolean hasLetterOrDigit(String w) {
        for (int i = 0; i < w.length(); i++) {
            if (Character.isLetterOrDigit(w.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** Lucene tokenizer over HanLP's standard segmenter. Reads the whole field: passages are short. */
    static final class HanLpTokenizer extends Tokenizer {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
        private Iterator<Term> terms;

        @Override
        public boolean incrementToken() throws IOException {
            if (terms == null) {
                String text = readAll(input);
                terms = Segmenter.segment(text).iterator();
            }
            while (terms.hasNext()) {
                Term t = terms.next();
                String word = t.word.strip();
                if (word.isEmpty() || !hasLetterOrDigit(word)) {
                    continue;
                }
                clearAttributes();
                term.setEmpty().append(word);
                offset.setOffset(correctOffset(t.offset), correctOffset(t.offset + t.word.length()));
                return true;
            }
            return false;
        }

        @Override
        public void reset() throws IOException {
            super.reset();
            terms = null;
        }

        private static String readAll(Reader reader) throws IOException {
            StringBuilder sb = new StringBuilder();
            char[] buf = new char[1024];
            int n;
            while ((n = reader.read(buf)) > 0) {
                sb.append(buf, 0, n);
            }
            return sb.toString();
        }
    }
}
