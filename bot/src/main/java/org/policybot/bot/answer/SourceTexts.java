package org.policybot.bot.answer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.policybot.retrieval.ingest.ArticleReader;
import org.policybot.retrieval.ingest.Pages;
import org.policybot.retrieval.ingest.Passage;
import org.policybot.retrieval.text.ChineseText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The article files as written, with whitespace removed: what a quote must be found in.
 * For a PDF, Word or web page file that is the text extracted from it when the index was
 * built (kept in the index), never the file's bytes. A sentence joined across an
 * interleaved article (the reader's repair) is not verbatim in its file, so it is never quoted.
 * A PDF's text also says where its pages start ({@link Pages}): the page a quote is on.
 */
public final class SourceTexts {

    private static final Logger log = LoggerFactory.getLogger(SourceTexts.class);

    private final Map<String, String> compactByFile = new HashMap<>();
    /** The pages of each PDF's text (its compact text is the same string as in {@link #compactByFile}). */
    private final Map<String, Pages> pagesByFile = new HashMap<>();

    private SourceTexts() {
    }

    /**
     * Reads the article files. One that cannot be read is left out, and a folder that cannot
     * be listed leaves none: quotes from them then fail the check (the answers decline), and
     * the log says which file or folder and why.
     */
    public static SourceTexts load(Path articlesDir) {
        return load(articlesDir, Map.of());
    }

    /**
     * Reads the text files of the folder, and takes the documents' texts from {@code extracted}
     * (file name to the text the index was built from); a document missing there cannot be quoted.
     */
    public static SourceTexts load(Path articlesDir, Map<String, String> extracted) {
        SourceTexts s = new SourceTexts();
        List<Path> files;
        try {
            files = ArticleReader.articleFiles(articlesDir);
        } catch (IOException e) {
            log.warn("Cannot list the article files in {} ({}): no quote can be checked, so every answer declines",
                    articlesDir, describe(e));
            return s;
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (ArticleReader.isDocument(name)) {
                String text = extracted.get(name);
                if (text != null) {
                    s.add(name, text);
                }
                continue;
            }
            try {
                s.compactByFile.put(file.getFileName().toString(),
                        ChineseText.compact(new String(Files.readAllBytes(file), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                log.warn("Cannot read the article file {} ({}): its passages cannot be quoted", file, describe(e));
            }
        }
        return s;
    }

    private static String describe(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** Texts given directly (tests). */
    public static SourceTexts of(Map<String, String> files) {
        SourceTexts s = new SourceTexts();
        files.forEach(s::add);
        return s;
    }

    private void add(String file, String text) {
        Pages pages = Pages.of(file, text);
        if (pages == null) {
            compactByFile.put(file, ChineseText.compact(text));
        } else {
            pagesByFile.put(file, pages);
            compactByFile.put(file, pages.compact());
        }
    }

    /**
     * The page of its PDF a quote from a passage starts on (searched from the passage's first
     * line); 0 when the passage is not from a PDF, or from one whose text is not here.
     */
    public int page(Passage passage, String quote) {
        Pages pages = pagesByFile.get(passage.file());
        return pages == null ? 0 : pages.pageOf(quote, passage.line());
    }

    /** True when the quote occurs in the file (whitespace aside). */
    public boolean verbatim(String file, String quote) {
        String source = compactByFile.get(file);
        String q = ChineseText.compact(quote);
        return source != null && !q.isEmpty() && source.contains(q);
    }

    /**
     * What of a sentence can be quoted from the file: the whole sentence when it occurs
     * verbatim, else its {@link #longestVerbatimPart longest verbatim part}; empty when neither.
     */
    public String quotablePart(String file, String sentence, int min) {
        return verbatim(file, sentence) ? sentence : longestVerbatimPart(file, sentence, min);
    }

    /**
     * The longest part of a sentence that occurs verbatim in the file, cut at a clause mark
     * if it can be ("…人力资本，2020" | "年中国科学…" around a repaired interleaving); empty
     * when no part of at least {@code min} characters does.
     */
    public String longestVerbatimPart(String file, String sentence, int min) {
        String source = compactByFile.get(file);
        if (source == null) {
            return "";
        }
        String best = "";
        int n = sentence.length();
        for (int start = 0; start < n; start++) {
            if (start > 0 && "，,、；;：:".indexOf(sentence.charAt(start - 1)) < 0) {
                continue;
            }
            int lo = start;
            int hi = n;
            // Longest verbatim prefix of sentence[start..]: verbatim-ness is monotone in the end index.
            while (lo < hi) {
                int mid = (lo + hi + 1) / 2;
                if (source.contains(ChineseText.compact(sentence.substring(start, mid)))) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            String part = sentence.substring(start, lo).strip();
            if (ChineseText.visibleLength(part) > ChineseText.visibleLength(best)) {
                best = part;
            }
        }
        return ChineseText.visibleLength(best) >= min ? best : "";
    }
}
