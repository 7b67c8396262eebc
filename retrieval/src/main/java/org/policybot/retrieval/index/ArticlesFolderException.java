package org.policybot.retrieval.index;

import java.nio.file.Path;

/**
 * The articles folder does not exist or is not a folder: a mistake in the configuration
 * rather than a failure of the index, so the command line can report it as one (naming the
 * setting) instead of as an error of the program.
 */
public final class ArticlesFolderException extends IndexException {
    public ArticlesFolderException(Path folder, String problem) {
        super("the articles folder " + folder + " " + problem);
    }
}
