package org.policybot.bot.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.policybot.bot.api.UsageException;
import org.policybot.bot.eval.EvalItem;

/**
 * Question files and article folders from the command line, grouped into corpora: with one
 * {@code --articles}, every question file is about it; with several, the i-th question file
 * is about the i-th folder. Question files about the same folder make one corpus.
 */
public final class CorpusArguments {

    private CorpusArguments() {
    }

    public static List<LabelledCorpus> group(List<Path> questions, List<Path> articles) {
        if (questions.isEmpty()) {
            throw new UsageException("--questions: at least one question file is needed");
        }
        if (articles.size() > 1 && articles.size() != questions.size()) {
            throw new UsageException("--articles: give one folder for all question files, or one per question file ("
                    + questions.size() + " question files, " + articles.size() + " folders)");
        }
        Map<Path, List<EvalItem>> byFolder = new LinkedHashMap<>();
        for (int i = 0; i < questions.size(); i++) {
            Path folder = (articles.size() == 1 ? articles.get(0) : articles.get(i)).toAbsolutePath().normalize();
            if (!Files.isDirectory(folder)) {
                throw new UsageException("--articles: not a folder: " + folder);
            }
            byFolder.computeIfAbsent(folder, f -> new ArrayList<>()).addAll(EvalItem.read(questions.get(i)));
        }
        List<LabelledCorpus> out = new ArrayList<>();
        for (Map.Entry<Path, List<EvalItem>> e : byFolder.entrySet()) {
            out.add(new LabelledCorpus(nameOf(e.getKey(), out), e.getKey(), e.getValue()));
        }
        return out;
    }

    /** A short name: the folder's name, with its parent's when the folder is called "articles". */
    private static String nameOf(Path folder, List<LabelledCorpus> taken) {
        String name = folder.getFileName().toString();
        if (name.equals("articles") && folder.getParent() != null && taken.stream().anyMatch(c -> c.name().equals(name))) {
            return folder.getParent().getFileName() + "-articles";
        }
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
