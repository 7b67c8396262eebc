package org.policybot.retrieval.index;

/**
 * Lucene field names, in one place, with why each field has its type. Text fields are
 * indexed from the folded text ({@link org.policybot.retrieval.text.ChineseText#fold});
 * stored fields keep the original characters.
 */
public final class Fields {
    private Fields() {
    }

    /**
     * "passage", "article" or "source": one index holds all three kinds of document. A source
     * document keeps the text extracted from one PDF, Word or web page file ({@link #FILE},
     * {@link #TEXT}), which its quotes are checked against. StringField: exact filter.
     */
    public static final String TYPE = "type";
    /** Passage id (or article id on article documents). StringField: the key for updateDocument. */
    public static final String ID = "id";
    /** Article id of a passage. StringField: exact lookups of an article's passages. */
    public static final String ARTICLE_ID = "article_id";
    /** Stored only: shown to users and used for citations. */
    public static final String FILE = "file";
    public static final String TITLE = "title";
    public static final String DATE = "date";
    public static final String SECTION = "section";
    public static final String TEXT = "text";
    /** Stored int: passage order inside its article, and the file line it starts at. */
    public static final String POSITION = "position";
    public static final String LINE = "line";
    /** Stored JSON of a whole article, on article documents. */
    public static final String ARTICLE_JSON = "article_json";

    /** Chinese words (HanLP segmentation): precise matches on whole words. */
    public static final String WORDS = "words";
    /** Overlapping character bigrams: recall on names the segmenter splits and on typos. */
    public static final String BIGRAMS = "bigrams";
    /** Title, subtitle, section heading, byline and source as words: what the passage is about. */
    public static final String CONTEXT_WORDS = "context_words";
    /** The same context as bigrams. */
    public static final String CONTEXT_BIGRAMS = "context_bigrams";
    /** On article documents: title, subtitle, byline, source, headings and lead as words. */
    public static final String HEAD_WORDS = "head_words";
    /** The same head text as bigrams. */
    public static final String HEAD_BIGRAMS = "head_bigrams";
    /**
     * On article documents: a hash of everything the article's documents are written from (its
     * record, its passages, the embedding model), so the next build tells which articles changed
     * and rewrites only theirs ({@link SegmentReuse}). Stored only.
     */
    public static final String DIGEST = "digest";
    /** On source documents: the file name. StringField: the key to replace one file's extracted text. */
    public static final String SOURCE_FILE = "source_file";
    /** BGE small zh embedding of title + passage, cosine similarity. */
    public static final String VECTOR = "vector";

    /** Commit user data keys. */
    public static final String META_FINGERPRINT = "corpus.fingerprint";
    public static final String META_BUILT = "built.at";
    public static final String META_FORMAT = "format";
    public static final String META_VECTORS = "vectors";
    public static final String META_ARTICLES = "articles";
    public static final String META_PASSAGES = "passages";
    /**
     * The generation's vector files, oldest first, comma-separated: a later file's record of a
     * passage replaces an earlier one's (absent: {@code vectors.bin} alone).
     */
    public static final String META_VECTOR_FILES = "vectors.files";
    /**
     * The kind of {@link #DIGEST} ({@code SegmentReuse.DIGEST_KIND}) when article documents carry
     * one and source documents {@link #SOURCE_FILE}: the next build may reuse this one.
     */
    public static final String META_KEYED = "documents.keyed";
    /** The articles folder a generation was built from (absolute), where quotes are checked. */
    public static final String META_SOURCE = "articles.folder";
}
