package org.policybot.bot.train;

import java.nio.file.Path;
import java.util.List;
import org.policybot.bot.eval.EvalItem;

/**
 * A folder of articles and the labelled questions asked about it.
 *
 * @param name a short name for reports ("bundled", "corpus2")
 */
public record LabelledCorpus(String name, Path articles, List<EvalItem> items) {
    public LabelledCorpus {
        items = List.copyOf(items);
    }
}
