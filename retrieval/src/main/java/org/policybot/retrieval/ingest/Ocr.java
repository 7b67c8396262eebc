package org.policybot.retrieval.ingest;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether scanned PDF pages can be read: the Tesseract program (a name looked up on the PATH,
 * or a path) with its Simplified Chinese data. Looked for once, on the first scanned page's
 * document; when it is missing, OCR is off and one warning names the Debian packages.
 */
public final class Ocr {

    private static final Logger log = LoggerFactory.getLogger(Ocr.class);
    /** The Debian packages that provide what OCR needs. */
    public static final String PACKAGES = "tesseract-ocr tesseract-ocr-chi-sim";
    /** The data Tesseract needs for Chinese text; English is used beside it when installed. */
    static final String CHINESE = "chi_sim";
    private static final long PROBE_SECONDS = 20;

    /**
     * What was found: the program, the folder of its language data (as it says, "" when it does not)
     * and the languages used ({@code chi_sim+eng}); or why OCR is off.
     */
    record Found(Optional<Path> program, String tessdata, String languages, String unavailable) {
        static Found off(String why) {
            return new Found(Optional.empty(), "", "", why);
        }
    }

    private final String command;
    private Found found;

    /** @param command the Tesseract program: {@code tesseract} (found on the PATH) or a path */
    public Ocr(String command) {
        this.command = command;
    }

    /** Tesseract on the PATH. */
    public static Ocr onPath() {
        return new Ocr("tesseract");
    }

    /** What was found, looked for on the first call (and the warning logged then, once). */
    synchronized Found find() {
        if (found == null) {
            found = probe();
            if (found.program().isEmpty()) {
                log.warn("OCR of scanned PDF pages, images and pictures in Word files and web pages is off: {}. Install the Debian packages {} (or set "
                        + "chatbot.retrieval.tesseract to the program)", found.unavailable(), PACKAGES);
            } else {
                log.info("OCR of scanned PDF pages, images and pictures in Word files and web pages with {} ({})", found.program().get(), found.languages());
            }
        }
        return found;
    }

    /** Whether scanned pages can be read; looks for Tesseract on the first call. */
    public boolean available() {
        return find().program().isPresent();
    }

    /** Why OCR is off ("" when it is on). */
    public String unavailableReason() {
        return find().unavailable();
    }

    private Found probe() {
        Optional<Path> program = locate(command);
        if (program.isEmpty()) {
            return Found.off("Tesseract (" + command + ") is not installed");
        }
        if (!program.get().getFileName().toString().equals("tesseract")) {
            // Tika runs the program named tesseract in the folder it is given.
            return Found.off("the Tesseract program must be named tesseract, not " + program.get());
        }
        List<String> languages;
        String tessdata;
        try {
            Process p = new ProcessBuilder(program.get().toString(), "--list-langs").redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Found.off(program.get() + " --list-langs did not answer");
            }
            languages = new String(out, StandardCharsets.UTF_8).lines().map(String::strip).toList();
            // 'List of available languages in "/usr/share/tesseract-ocr/5/tessdata/" (3):'
            java.util.regex.Matcher folder = java.util.regex.Pattern.compile("\"([^\"]+)\"").matcher(
                    languages.isEmpty() ? "" : languages.get(0));
            tessdata = folder.find() ? folder.group(1) : "";
        } catch (IOException e) {
            return Found.off(program.get() + " cannot be run: " + DocumentReader.reason(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Found.off("looking for Tesseract was interrupted");
        }
        if (!languages.contains(CHINESE)) {
            return Found.off("Tesseract has no Simplified Chinese data (" + CHINESE + ")");
        }
        return new Found(program, tessdata, languages.contains("eng") ? CHINESE + "+eng" : CHINESE, "");
    }

    /** The program file: the path itself when the command is a path, else the first match on the PATH. */
    static Optional<Path> locate(String command) {
        if (command.contains(File.separator)) {
            Path p = Path.of(command).toAbsolutePath();
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, command);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p.toAbsolutePath());
            }
        }
        return Optional.empty();
    }
}
