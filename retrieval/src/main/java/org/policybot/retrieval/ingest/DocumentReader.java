package org.policybot.retrieval.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.exception.ZeroByteFileException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.PDF;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.html.HtmlMapper;
import org.apache.tika.parser.html.IdentityHtmlMapper;
import org.apache.tika.parser.ocr.TesseractOCRConfig;
import org.apache.tika.parser.pdf.PDFParserConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xml.sax.SAXException;

/**
 * Turns a PDF, Word, HTML, RTF or ODT file into the reader's text (through Apache Tika):
 * one line per block, a blank line between blocks, headings as Markdown headings, table
 * rows as one line of cells separated by " | ", web pages without navigation, headers,
 * footers, scripts and link lists (see {@link BlockHandler}). That text then goes through
 * the same layout repair and article assembly as a .txt file, and is kept as the document's
 * extracted text, which quotes are checked against; a PDF's marks where each page starts
 * ({@link Pages}). A PDF page without a text layer, an image file (PNG, JPEG, TIFF), the
 * pictures of a Word file and those a saved web page shows from beside it ({@link WebPictures})
 * are OCRed (Tesseract, chi_sim) when {@link Ocr} finds Tesseract; nothing else is.
 */
final class DocumentReader {

    private static final Logger log = LoggerFactory.getLogger(DocumentReader.class);

    /** Characters of text one document may produce; more is a decompression bomb or not an article. */
    static final long DEFAULT_MAX_CHARS = 5_000_000;

    /**
     * What was read from one document.
     *
     * @param ocr whether some of the text was read from page images by OCR (a scanned page)
     */
    record Extracted(String text, String title, Optional<LocalDate> date, String mediaType, boolean ocr) {
    }

    /** Tika's parsers, loaded on the first document: a folder of text files (and every one-off ask) never pays for them. */
    private final java.util.function.Supplier<Parser> parser;
    private final long maxChars;
    /** Tesseract, when it reads the pages of a PDF that have no text layer. */
    private final Optional<Ocr> ocr;
    /** The longest one page's OCR may take: the document's own time limit. */
    private final int ocrTimeoutSeconds;

    DocumentReader() {
        this(Optional.empty(), 60);
    }

    /**
     * @param ocr              Tesseract, to read PDF pages without a text layer (empty: such pages give no text)
     * @param ocrTimeoutSeconds the longest one page's OCR may take
     */
    DocumentReader(Optional<Ocr> ocr, int ocrTimeoutSeconds) {
        this(new java.util.function.Supplier<>() {
            private Parser loaded;

            @Override
            public synchronized Parser get() {
                if (loaded == null) {
                    loaded = ocr.filter(Ocr::available).map(o -> parserWith(o.find()))
                            .orElseGet(AutoDetectParser::new);
                }
                return loaded;
            }
        }, DEFAULT_MAX_CHARS, ocr, ocrTimeoutSeconds);
    }

    DocumentReader(Parser parser, long maxChars) {
        this(() -> parser, maxChars, Optional.empty(), 60);
    }

    private DocumentReader(java.util.function.Supplier<Parser> parser, long maxChars, Optional<Ocr> ocr, int ocrTimeoutSeconds) {
        this.parser = parser;
        this.maxChars = maxChars;
        this.ocr = ocr;
        this.ocrTimeoutSeconds = ocrTimeoutSeconds;
    }

    /**
     * Tika's parsers with its Tesseract parser running the program found, with the language data
     * it says it uses (Tika takes the program's folder, and would look for the data beside it).
     */
    private static Parser parserWith(Ocr.Found found) {
        Path tesseract = found.program().orElseThrow();
        String folder = tesseract.getParent().toString() + java.io.File.separator;
        String xml = "<properties><parsers>"
                + "<parser class=\"org.apache.tika.parser.DefaultParser\">"
                + "<parser-exclude class=\"org.apache.tika.parser.ocr.TesseractOCRParser\"/></parser>"
                + "<parser class=\"org.apache.tika.parser.ocr.TesseractOCRParser\"><params>"
                + "<param name=\"tesseractPath\" type=\"string\">" + xmlText(folder) + "</param>"
                + (found.tessdata().isEmpty() ? ""
                        : "<param name=\"tessdataPath\" type=\"string\">" + xmlText(found.tessdata()) + "</param>")
                + "</params></parser></parsers></properties>";
        try (java.io.InputStream in = new java.io.ByteArrayInputStream(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            return new AutoDetectParser(new org.apache.tika.config.TikaConfig(in));
        } catch (TikaException | IOException | SAXException e) {
            throw new IllegalStateException("Tika's OCR parser cannot be set up for " + tesseract + ": " + reason(e), e);
        }
    }

    private static String xmlText(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Why pages without a text layer cannot be read by OCR; empty when they can (Tesseract is looked for on the first call). */
    Optional<String> ocrUnavailable() {
        return ocr.isEmpty() ? Optional.of("OCR is not set up") : ocr.get().available() ? Optional.empty()
                : Optional.of(ocr.get().unavailableReason());
    }

    /**
     * Extracts one document; runs on the caller's thread (the caller bounds its time).
     *
     * @throws ArticleReader.UnreadableArticleException with a one-line reason
     */
    Extracted extract(Path file) throws ArticleReader.UnreadableArticleException {
        return extract(file, ocrTimeoutSeconds);
    }

    /** The same, giving OCR at most {@code ocrSeconds} a page or image. */
    private Extracted extract(Path file, int ocrSeconds) throws ArticleReader.UnreadableArticleException {
        String name = file.getFileName().toString();
        Metadata metadata = new Metadata();
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
        boolean html = name.toLowerCase(Locale.ROOT).matches(".*\\.html?$");
        checkZipBomb(file, name);
        boolean pdf = name.toLowerCase(Locale.ROOT).endsWith(".pdf");
        boolean image = ArticleReader.isImage(name);
        boolean word = isWord(name);
        if (image) {
            checkImage(file);
        }
        BlockHandler handler = pdf ? new BlockHandler(maxChars).blankLinesSeparateBlocks().markPages()
                : image ? new BlockHandler(maxChars).blankLinesSeparateBlocks()
                : word ? new BlockHandler(maxChars).pictureSections() : new BlockHandler(maxChars);
        ParseContext context = new ParseContext();
        // Web pages keep every element, so navigation, headers and footers can be told apart.
        context.set(HtmlMapper.class, IdentityHtmlMapper.INSTANCE);
        boolean withOcr = (pdf || image || word) && ocr.isPresent() && ocr.get().available();
        // The pictures a saved web page shows are files beside it: read one by one after the page.
        PictureBudget.Allowance webPictures = html && ocr.isPresent() && ocr.get().available()
                ? new PictureBudget.Allowance(ocrSeconds) : null;
        if (webPictures != null) {
            handler.webPictures();
        }
        if (image && !withOcr) {
            throw unreadable("is an image, whose text only OCR can read: OCR is unavailable ("
                    + ocrUnavailable().orElse("") + "; install " + Ocr.PACKAGES + ")");
        }
        TesseractOCRConfig tesseract = new TesseractOCRConfig();
        // A PDF's pages, image files and the pictures in Word files are read by OCR while parsing.
        tesseract.setSkipOcr(!withOcr);
        PictureBudget pictures = null;
        if (withOcr && word) {
            pictures = new PictureBudget(context, ocrSeconds);
            context.set(org.apache.tika.extractor.EmbeddedDocumentExtractor.class, pictures);
            // The parser the pictures are handed to (Tesseract's, through detection).
            context.set(Parser.class, parser.get());
        }
        if (withOcr) {
            tesseract.setLanguage(ocr.get().find().languages());
            tesseract.setTimeoutSeconds(word ? PictureBudget.perPictureSeconds(ocrSeconds) : ocrSeconds);
            // Without it Tesseract puts a space between Chinese characters.
            tesseract.setPreserveInterwordSpacing(true);
            PDFParserConfig pdfConfig = new PDFParserConfig();
            // AUTO: a page is OCRed only when its text layer is (nearly) empty, so a normal PDF costs nothing more.
            pdfConfig.setOcrStrategy(PDFParserConfig.OCR_STRATEGY.AUTO);
            context.set(PDFParserConfig.class, pdfConfig);
        }
        context.set(TesseractOCRConfig.class, tesseract);
        try (TikaInputStream in = TikaInputStream.get(file, metadata)) {
            parser.get().parse(in, handler, metadata, context);
        } catch (EncryptedDocumentException e) {
            throw unreadable("is encrypted (password protected): save it without a password");
        } catch (ZeroByteFileException e) {
            throw unreadable("is empty (0 bytes)");
        } catch (WriteLimitReachedException | BlockHandler.TooMuchText e) {
            throw unreadable("produces more than " + maxChars + " characters of text (a decompression bomb?)");
        } catch (TikaException | SAXException e) {
            if (WriteLimitReachedException.isWriteLimitReached(e) || BlockHandler.TooMuchText.isCauseOf(e)) {
                throw unreadable("produces more than " + maxChars + " characters of text (a decompression bomb?)");
            }
            if (e instanceof TikaException && e.getCause() instanceof EncryptedDocumentException) {
                throw unreadable("is encrypted (password protected): save it without a password");
            }
            throw unreadable("cannot be parsed as " + typeName(metadata, name) + ": " + reason(e));
        } catch (IOException e) {
            throw unreadable("cannot be read: " + reason(e));
        } catch (RuntimeException | StackOverflowError e) {
            throw unreadable("cannot be parsed as " + typeName(metadata, name) + ": " + reason(e));
        }
        String type = Optional.ofNullable(metadata.get(Metadata.CONTENT_TYPE)).orElse("").replaceFirst(";.*", "");
        if (type.isEmpty() || type.equals("application/octet-stream")) {
            throw unreadable("is not a document Tika recognises (content does not match its name)");
        }
        if (type.equals(WORKS_TYPE)) {
            throw unreadable("is a Microsoft Works file, whose text this reader cannot read: save it as .docx"
                    + " (a .wps file saved by WPS Office is read)");
        }
        String text = webPictures != null ? handler.text(true, src -> webPicture(file, src, webPictures))
                : handler.text(html || type.contains("html"));
        if (pictures != null && pictures.skipped() > 0) {
            log.info("{}: {} of its {} pictures were not read by OCR, to keep within the document's time limit",
                    name, pictures.skipped(), pictures.seen());
        }
        if (webPictures != null && webPictures.skipped() > 0) {
            log.info("{}: {} of the {} pictures it shows were not read by OCR, to keep within the document's time limit",
                    name, webPictures.skipped(), webPictures.seen());
        }
        Integer ocrPages = metadata.getInt(PDF.OCR_PAGE_COUNT);
        boolean fromOcr = withOcr && (image || ocrPages != null && ocrPages > 0) && !text.isBlank();
        return new Extracted(text, titleOf(metadata, handler, html || type.contains("html")), dateOf(metadata), type, fromOcr);
    }

    /**
     * The paragraphs OCR reads from a picture a web page shows ({@link WebPictures#resolve}),
     * within the page's allowance; none when the {@code src} names no picture beside the page,
     * or the picture cannot be read (said in the log: the page's own text is kept).
     */
    private List<String> webPicture(Path page, String src, PictureBudget.Allowance allowance) {
        Optional<Path> picture = WebPictures.resolve(page, src);
        if (picture.isEmpty() || !allowance.take()) {
            return List.of();
        }
        try {
            String text = extract(picture.get(), PictureBudget.perPictureSeconds(ocrTimeoutSeconds)).text();
            return Arrays.stream(text.split("\\n\\s*\\n")).map(String::strip).filter(p -> !p.isEmpty()).toList();
        } catch (ArticleReader.UnreadableArticleException e) {
            log.info("{}: the picture {} it shows was not read: {}", page.getFileName(), src, e.getMessage());
            return List.of();
        }
    }

    /**
     * The title in the document's properties, when it is a real one. A web page's {@code <title>}
     * is the site's as much as the page's ("通知 - 某市人社局"): its top heading, which the
     * text's title already is, is preferred; the {@code <title>} counts only when it has none.
     */
    /**
     * Word files, whose pictures are read by OCR (a photo or screenshot of a notice pasted in).
     * WPS Office's {@code .wps} files are Word 97–2003 files under another name: Tika tells
     * them by their content, as it does a {@code .doc}.
     */
    static boolean isWord(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".docx") || lower.endsWith(".doc") || lower.endsWith(".wps");
    }

    /** Microsoft Works' word processor files also end in .wps; Tika knows them but reads no text from them. */
    static final String WORKS_TYPE = "application/vnd.ms-works";

    /** An entry this many times larger than it is compressed, beyond the first megabyte, is a bomb. */
    static final int MAX_INFLATE_RATIO = 100;

    /**
     * Word (.docx) and ODT files are zip archives: each entry is inflated (and thrown away)
     * before parsing, and one that grows past {@link #MAX_INFLATE_RATIO} times its compressed
     * size is refused. Reading stops there, so a bomb costs little; Tika's own guard only
     * counts the text a parser writes, not markup or padding.
     */
    private static void checkZipBomb(Path file, String name) throws ArticleReader.UnreadableArticleException {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!lower.endsWith(".docx") && !lower.endsWith(".odt")) {
            return;
        }
        byte[] buffer = new byte[64 * 1024];
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
            var entries = zip.entries();
            while (entries.hasMoreElements()) {
                java.util.zip.ZipEntry e = entries.nextElement();
                long allowed = Math.max(0, e.getCompressedSize()) * MAX_INFLATE_RATIO + 1024 * 1024;
                long inflated = 0;
                try (java.io.InputStream in = zip.getInputStream(e)) {
                    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                        inflated += n;
                        if (inflated > allowed) {
                            throw unreadable("is a zip bomb: its part " + e.getName() + " inflates more than "
                                    + MAX_INFLATE_RATIO + " times its compressed size");
                        }
                    }
                }
            }
        } catch (IOException e) {
            // Not a readable zip: the parser says what is wrong with it.
        }
    }

    /** Pixels an image may have: an A4 page at 600 dpi is 35 million; more is a decompression bomb or not a page. */
    static final long MAX_IMAGE_PIXELS = 100_000_000L;

    /**
     * An image's size from its header, before anything decodes it: a small file may declare a
     * huge picture (a PNG of 100,000 × 100,000 pixels compresses to kilobytes), which OCR
     * would try to hold in memory.
     */
    private static void checkImage(Path file) throws ArticleReader.UnreadableArticleException {
        try (javax.imageio.stream.ImageInputStream in = javax.imageio.ImageIO.createImageInputStream(file.toFile())) {
            var readers = in == null ? java.util.Collections.<javax.imageio.ImageReader>emptyIterator()
                    : javax.imageio.ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw unreadable("is not an image this reader knows (its content does not match its name, or it is damaged)");
            }
            javax.imageio.ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > MAX_IMAGE_PIXELS) {
                    throw unreadable("is an image of " + reader.getWidth(0) + " × " + reader.getHeight(0)
                            + " pixels, more than a page scanned at 600 dpi (a decompression bomb?)");
                }
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw unreadable("cannot be read as an image: " + reason(e));
        }
    }

    private static String titleOf(Metadata metadata, BlockHandler handler, boolean webPage) {
        String title = Optional.ofNullable(metadata.get(TikaCoreProperties.TITLE)).orElse("").strip().replaceAll("\\s+", " ");
        if (webPage && !handler.firstTopHeading().isEmpty()) {
            return "";
        }
        return usefulTitle(title) ? title : "";
    }

    /** Titles that programs put in document properties by themselves are not titles. */
    static boolean usefulTitle(String title) {
        String t = title.strip().toLowerCase(Locale.ROOT);
        return t.length() >= 2 && !t.matches(".*\\.(docx?|pdf|wps|rtf|odt|html?|txt)$") && !t.startsWith("microsoft word")
                && !t.matches("untitled.*|无标题.*|新建.*文档.*|document\\d*|文档\\d*|title|标题|slide \\d+");
    }

    private static Optional<LocalDate> dateOf(Metadata metadata) {
        for (var property : new org.apache.tika.metadata.Property[] {TikaCoreProperties.CREATED, TikaCoreProperties.MODIFIED}) {
            Date d = metadata.getDate(property);
            if (d != null) {
                LocalDate date = d.toInstant().atZone(ZoneOffset.ofHours(8)).toLocalDate();
                if (date.getYear() >= 1980 && !date.isAfter(LocalDate.now().plusDays(1))) {
                    return Optional.of(date);
                }
            }
        }
        return Optional.empty();
    }

    private static String typeName(Metadata metadata, String name) {
        int dot = name.lastIndexOf('.');
        return dot >= 0 ? name.substring(dot + 1).toUpperCase(Locale.ROOT) : "a document";
    }

    /** The innermost message of an exception, on one line and not too long. */
    static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName()
                : t.getClass().getSimpleName() + " " + t.getMessage();
        m = m.replaceAll("\\s+", " ").strip();
        return m.length() > 160 ? m.substring(0, 160) + "…" : m;
    }

    private static ArticleReader.UnreadableArticleException unreadable(String message) {
        return new ArticleReader.UnreadableArticleException(message);
    }
}
