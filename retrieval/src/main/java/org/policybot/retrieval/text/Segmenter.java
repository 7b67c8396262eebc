package org.policybot.retrieval.text;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.seg.Segment;
import com.hankcs.hanlp.seg.common.Term;
import java.util.List;

/**
 * HanLP word segmentation as used by both the index and queries, so both cut text the
 * same way. Person-name recognition is off: it glues a surname to the next word
 * ("钱有多少" became "钱有"), and names are matched through the bigram fields anyway.
 * One segmenter per thread.
 */
public final class Segmenter {

    private static final ThreadLocal<Segment> SEGMENT = ThreadLocal.withInitial(
            () -> HanLP.newSegment().enableNameRecognize(false).enableOffset(true));

    private Segmenter() {
    }

    public static List<Term> segment(String text) {
        return SEGMENT.get().seg(text);
    }
}
