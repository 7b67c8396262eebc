package org.policybot.retrieval.search;

import org.policybot.retrieval.ingest.Passage;

/** A ranked passage. Rank starts at 1; scores are comparable only within one result. */
public record Hit(int rank, double score, Passage passage) {
}
