package org.policybot.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * BenchCorpora for the benchmarks: the bundled articles, alone or with distractor documents from
 * the npm package chinese-poetry (fetched by bench/fetch-distractors.sh into .bench/, never
 * committed), written as article files of one poem per "#" section.
 */
final class BenchCorpora {

    static final int POEMS_PER_FILE = 1000;

    private BenchCorpora() {
    }

    static Path projectRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("articles")) && Files.exists(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("run the benchmarks from the project folder");
    }

    /** A folder with the bundled articles and {@code distractors} poems; built once and reused. */
    static Path articles(int distractors) {
        Path root = projectRoot();
        if (distractors == 0) {
            return root.resolve("articles");
        }
        Path dir = root.resolve(".bench/corpus-" + distractors);
        try {
            if (Files.exists(dir.resolve("DONE"))) {
                return dir;
            }
            Files.createDirectories(dir);
            try (Stream<Path> bundled = Files.list(root.resolve("articles"))) {
                for (Path f : bundled.filter(p -> p.toString().endsWith(".txt")).toList()) {
                    Files.copy(f, dir.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            writePoems(root.resolve(".bench/chinese-poetry/package/dist"), dir, distractors);
            Files.writeString(dir.resolve("DONE"), "ok");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writePoems(Path dist, Path out, int wanted) throws IOException {
        if (!Files.isDirectory(dist)) {
            throw new IllegalStateException("distractors missing: run bench/fetch-distractors.sh first (" + dist + ")");
        }
        List<Path> jsons;
        try (Stream<Path> s = Files.walk(dist)) {
            jsons = s.filter(p -> p.toString().endsWith(".json")).sorted(Comparator.naturalOrder()).toList();
        }
        ObjectMapper json = new ObjectMapper();
        StringBuilder file = new StringBuilder();
        int inFile = 0;
        int files = 0;
        int written = 0;
        for (Path p : jsons) {
            JsonNode root;
            try {
                root = json.readTree(p.toFile());
            } catch (IOException e) {
                continue;
            }
            if (!root.isArray()) {
                continue;
            }
            for (JsonNode poem : root) {
                List<String> lines = new ArrayList<>();
                poem.path("paragraphs").forEach(l -> lines.add(l.asText()));
                String title = poem.path("title").asText(poem.path("rhythmic").asText("无题"));
                if (lines.isEmpty() || title.isBlank()) {
                    continue;
                }
                file.append("# ").append(title.strip()).append("\n\n").append(poem.path("author").asText("佚名")).append("\n\n")
                        .append(String.join("", lines)).append("\n\n");
                if (++inFile == POEMS_PER_FILE) {
                    Files.writeString(out.resolve(String.format("poems_%04d.txt", files++)), file, StandardCharsets.UTF_8);
                    file.setLength(0);
                    inFile = 0;
                }
                if (++written == wanted) {
                    break;
                }
            }
            if (written == wanted) {
                break;
            }
        }
        if (inFile > 0) {
            Files.writeString(out.resolve(String.format("poems_%04d.txt", files)), file, StandardCharsets.UTF_8);
        }
        if (written < wanted) {
            throw new IllegalStateException("only " + written + " poems found in " + dist);
        }
    }

    /** The development and held-out questions: what the benchmarks ask, in turn. */
    static List<String[]> questions() {
        Path root = projectRoot();
        List<String[]> out = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (Path file : List.of(root.resolve("eval/dev2.jsonl"), root.resolve("eval/dev.jsonl"))) {
            if (!Files.exists(file)) {
                continue;
            }
            try {
                for (String line : Files.readAllLines(file)) {
                    if (!line.isBlank()) {
                        JsonNode n = json.readTree(line);
                        String context = n.path("context").isArray() && n.path("context").size() > 0
                                ? n.path("context").get(n.path("context").size() - 1).asText() : "";
                        out.add(new String[] {n.path("question").asText(), context});
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }
}
