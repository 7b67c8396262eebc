package org.policybot.bot.documents;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.policybot.retrieval.ingest.ArticleReader;

/**
 * Turns the name a browser or script sent with an uploaded file into a plain file name of
 * the articles folder, or refuses it. A name is cleaned when what it means is clear (a path
 * in front, control characters, characters file systems do not take, dots in front that
 * would hide the file from the reader) and each change is said; it is refused when nothing
 * usable is left, it is too long, or its type is one the reader does not read.
 */
final class FileNames {

    /** Bytes of a name (UTF-8): file systems take 255, and a staging name adds a few. */
    static final int MAX_NAME_BYTES = 200;

    private static final String NOT_IN_NAMES = "<>:\"|?*";

    private FileNames() {
    }

    /** A usable name and what was changed to get it (empty when it was used as sent). */
    record Clean(String name, List<String> changes) {
        Clean {
            changes = List.copyOf(changes);
        }
    }

    /** A name that cannot be used; {@code unsupportedType} when only its type is the reason. */
    static final class Refused extends Exception {
        private final boolean unsupportedType;

        Refused(String reason, boolean unsupportedType) {
            super(reason, null, false, false);
            this.unsupportedType = unsupportedType;
        }

        boolean unsupportedType() {
            return unsupportedType;
        }
    }

    static Clean clean(String submitted) throws Refused {
        if (submitted == null || submitted.isBlank()) {
            throw new Refused("没有文件名", false);
        }
        List<String> changes = new ArrayList<>();
        String name = Normalizer.normalize(submitted, Normalizer.Form.NFC);
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        if (slash >= 0) {
            name = name.substring(slash + 1);
            changes.add("去掉了文件名前的路径");
        }
        StringBuilder kept = new StringBuilder(name.length());
        boolean control = false;
        boolean replaced = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            // Format characters (zero-width, right-to-left overrides) can make a name look like another.
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                control = true;
            } else if (NOT_IN_NAMES.indexOf(c) >= 0) {
                kept.append('_');
                replaced = true;
            } else {
                kept.append(c);
            }
        }
        name = kept.toString().strip();
        if (control) {
            changes.add("去掉了控制字符或不可见字符");
        }
        if (replaced) {
            changes.add("把文件名不能用的字符 " + NOT_IN_NAMES + " 换成了 _");
        }
        if (name.startsWith(".")) {
            name = name.replaceFirst("^[.\\s]+", "");
            changes.add("去掉了开头的点（以点开头的文件是隐藏文件，不会被读取）");
        }
        if (name.isEmpty()) {
            throw new Refused("文件名无效：“" + printable(submitted) + "”整理后什么也不剩", false);
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new Refused("文件名太长：最多 " + MAX_NAME_BYTES + " 字节（UTF-8）", false);
        }
        if (name.equalsIgnoreCase("readme.md")) {
            throw new Refused("README.md 是文章文件夹的说明，不作为文章读取，请换个文件名", false);
        }
        String type = extension(name);
        if (!ArticleReader.TEXT_TYPES.contains(type) && !ArticleReader.DOCUMENT_TYPES.contains(type)) {
            throw new Refused("不支持的文件类型" + (type.isEmpty() ? "（没有扩展名）" : " ." + type) + "：只读取 "
                    + String.join("、", ArticleReader.TEXT_TYPES) + "、" + String.join("、", ArticleReader.DOCUMENT_TYPES)
                    + " 文件", true);
        }
        return new Clean(name, changes);
    }

    /** The type of a file by its name: the extension in lower case, "" when it has none. */
    static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** A name as sent, fit to quote in a message: control characters shown as '?'. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(100).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.toString();
    }
}
