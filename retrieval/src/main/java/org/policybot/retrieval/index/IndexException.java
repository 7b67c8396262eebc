package org.policybot.retrieval.index;

/**
 * The index could not be built, opened or read. The message says what failed and where
 * (folder, file); the cause keeps the detail for logs. {@link ArticlesFolderException}
 * marks the one cause that is a mistake in the configuration.
 */
public class IndexException extends RuntimeException {
    public IndexException(String message, Throwable cause) {
        super(message, cause);
    }

    public IndexException(String message) {
        super(message);
    }
}
