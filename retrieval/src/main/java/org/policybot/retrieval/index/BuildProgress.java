package org.policybot.retrieval.index;

/**
 * What a build is doing, told as it goes (for a progress bar): files read, then passages
 * cut, then vectors computed, then the index written. Called on the building thread.
 */
public interface BuildProgress {

    BuildProgress NONE = new BuildProgress() {
    };

    /** @param parsed files parsed so far (the others of {@code done} came from the parse cache) */
    default void filesRead(int done, int total, int parsed) {
    }

    /** The articles were cut into this many passages. */
    default void passages(int count) {
    }

    /** @param done vectors computed so far, of {@code total} that the cache did not hold */
    default void vectors(int done, int total) {
    }

    /** The Lucene index is being written. */
    default void writing() {
    }
}
