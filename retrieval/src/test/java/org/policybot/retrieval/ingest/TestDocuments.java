package org.policybot.retrieval.ingest;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFStyles;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTStyle;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STStyleType;

/**
 * Real documents made by tests: Word files with Apache POI, PDFs with PDFBox (Chinese text
 * in the WenQuanYi font when the machine has it), all made-up text.
 */
public final class TestDocuments {

    /** A made-up 办事指南: title, two sections of paragraphs and a table. */
    public record Guide(String title, String heading1, List<String> paragraphs1, String heading2, List<String> paragraphs2,
                        List<List<String>> table) {

        public static Guide sample(String topic) {
            return new Guide(topic + "办事指南",
                    "一、办理条件",
                    List.of("在本市参加" + topic + "的单位职工，可以在离职后六十日内申请办理，逾期需提交情况说明。",
                            "申请人可以通过网上服务大厅或者各区服务窗口提交材料，窗口受理时间为工作日上午九时至下午五时。"),
                    "二、办理材料",
                    List.of("申请人应当提交身份证原件和复印件一份，委托他人办理的还需提交授权委托书。"),
                    List.of(List.of("事项", "材料", "时限"),
                            List.of(topic + "登记", "身份证、申请表", "五个工作日"),
                            List.of(topic + "变更", "变更申请表", "三个工作日")));
        }

        public List<String> allParagraphs() {
            List<String> all = new ArrayList<>(paragraphs1);
            all.addAll(paragraphs2);
            return all;
        }
    }

    private TestDocuments() {
    }

    /** A .docx with Heading 1/Heading 2 styles, core properties title and created date (when given). */
    public static Path docx(Path file, Guide g, Optional<String> propertyTitle, Optional<String> createdIso) {
        try (XWPFDocument d = new XWPFDocument()) {
            XWPFStyles styles = d.createStyles();
            addHeadingStyle(styles, "Heading1", "heading 1");
            addHeadingStyle(styles, "Heading2", "heading 2");
            heading(d, g.title(), "Heading1");
            heading(d, g.heading1(), "Heading2");
            g.paragraphs1().forEach(p -> d.createParagraph().createRun().setText(p));
            heading(d, g.heading2(), "Heading2");
            g.paragraphs2().forEach(p -> d.createParagraph().createRun().setText(p));
            XWPFTable t = d.createTable(g.table().size(), g.table().get(0).size());
            for (int r = 0; r < g.table().size(); r++) {
                for (int c = 0; c < g.table().get(r).size(); c++) {
                    t.getRow(r).getCell(c).setText(g.table().get(r).get(c));
                }
            }
            d.createParagraph().createRun().setText("以上材料均需加盖单位公章。");
            propertyTitle.ifPresent(x -> d.getProperties().getCoreProperties().setTitle(x));
            if (createdIso.isPresent()) {
                d.getProperties().getCoreProperties().setCreated(createdIso.get());
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                d.write(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (org.apache.poi.openxml4j.exceptions.InvalidFormatException e) {
            throw new IllegalStateException(e);
        }
        return file;
    }

    private static void addHeadingStyle(XWPFStyles styles, String id, String name) {
        CTStyle s = CTStyle.Factory.newInstance();
        s.setStyleId(id);
        s.addNewName().setVal(name);
        s.setType(STStyleType.PARAGRAPH);
        styles.addStyle(new XWPFStyle(s));
    }

    private static void heading(XWPFDocument d, String text, String style) {
        XWPFParagraph p = d.createParagraph();
        p.setStyle(style);
        p.createRun().setText(text);
    }

    /** The WenQuanYi Zen Hei font file, when installed (Debian fonts-wqy-zenhei). */
    public static Optional<File> chineseFont() {
        File f = new File("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc");
        return f.isFile() ? Optional.of(f) : Optional.empty();
    }

    /** A one-page PDF: the title, then each paragraph wrapped at {@code perLine} characters, then the table rows. */
    public static Path pdf(Path file, Guide g, Optional<String> propertyTitle, Optional<Calendar> created,
                           Optional<StandardProtectionPolicy> protection) {
        try (PDDocument doc = new PDDocument(); TrueTypeCollection ttc = new TrueTypeCollection(chineseFont().orElseThrow())) {
            TrueTypeFont[] first = new TrueTypeFont[1];
            ttc.processAllFonts(f -> {
                if (first[0] == null) {
                    first[0] = f;
                }
            });
            PDType0Font font = PDType0Font.load(doc, first[0], true);
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                float y = 780;
                y = line(cs, font, 18, 60, y, g.title()) - 14;
                y = line(cs, font, 14, 50, y, g.heading1()) - 6;
                for (String p : g.paragraphs1()) {
                    y = paragraph(cs, font, y, p) - 10;
                }
                y = line(cs, font, 14, 50, y, g.heading2()) - 6;
                for (String p : g.paragraphs2()) {
                    y = paragraph(cs, font, y, p) - 10;
                }
                for (List<String> row : g.table()) {
                    float x = 50;
                    for (String cell : row) {
                        line(cs, font, 11, x, y, cell);
                        x += 160;
                    }
                    y -= 20;
                }
            }
            propertyTitle.ifPresent(t -> doc.getDocumentInformation().setTitle(t));
            created.ifPresent(c -> doc.getDocumentInformation().setCreationDate(c));
            if (protection.isPresent()) {
                doc.protect(protection.get());
            }
            doc.save(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /**
     * A PDF of several A4 pages: the title at the top of the first, then each page's
     * paragraphs as a PDF prints them (see {@link #paragraph}). A paragraph cut by a page
     * break is given as its two parts, one ending a page and one starting the next, the second
     * marked with {@link #CONTINUED} (printed without the first-line indent).
     */
    public static Path pagedPdf(Path file, String title, List<List<String>> pages) {
        try (PDDocument doc = new PDDocument(); TrueTypeCollection ttc = new TrueTypeCollection(chineseFont().orElseThrow())) {
            TrueTypeFont[] first = new TrueTypeFont[1];
            ttc.processAllFonts(f -> {
                if (first[0] == null) {
                    first[0] = f;
                }
            });
            PDType0Font font = PDType0Font.load(doc, first[0], true);
            for (int i = 0; i < pages.size(); i++) {
                PDPage page = new PDPage(PDRectangle.A4);
                doc.addPage(page);
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    float y = 780;
                    if (i == 0) {
                        y = line(cs, font, 18, 60, y, title) - 14;
                    }
                    for (String p : pages.get(i)) {
                        y = p.startsWith(CONTINUED) ? paragraph(cs, font, y, p.substring(CONTINUED.length()), 50) - 10
                                : paragraph(cs, font, y, p) - 10;
                    }
                }
            }
            doc.save(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /**
     * A scanned one-page PDF: the lines drawn in the WenQuanYi font into a 300 dpi A4 image
     * (the first line larger, as a title), the image as the page, and no text layer.
     */
    public static Path scannedPdf(Path file, List<String> lines) {
        return scannedPdfPages(file, List.of(lines));
    }

    /** A scanned PDF of several pages, each as {@link #scannedPdf}: the first line of the first page as a title. */
    public static Path scannedPdfPages(Path file, List<List<String>> pages) {
        try (PDDocument doc = new PDDocument()) {
            for (int p = 0; p < pages.size(); p++) {
                PDPage page = new PDPage(PDRectangle.A4);
                doc.addPage(page);
                org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject scan =
                        org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory.createFromImage(doc, scanImage(pages.get(p), p == 0));
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    cs.drawImage(scan, 0, 0, PDRectangle.A4.getWidth(), PDRectangle.A4.getHeight());
                }
            }
            doc.save(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /**
     * A scanned or photographed notice as an image file: the lines drawn as for {@link #scannedPdf},
     * written in the format named ("png", "jpeg", "tiff").
     */
    public static Path scannedImage(Path file, List<String> lines, String format) {
        try {
            if (!javax.imageio.ImageIO.write(scanImage(lines, true), format, file.toFile())) {
                throw new IllegalArgumentException("no image writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /**
     * A PNG file of a few dozen bytes whose header declares a picture of the given size: what a
     * decompression bomb looks like to a reader that trusts it.
     */
    public static Path pngDeclaring(Path file, int width, int height) {
        java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(ihdr.array());
        java.nio.ByteBuffer png = java.nio.ByteBuffer.allocate(8 + 4 + 17 + 4 + 12);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        png.putInt(13).put(ihdr.array()).putInt((int) crc.getValue());
        java.util.zip.CRC32 end = new java.util.zip.CRC32();
        end.update("IEND".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        png.putInt(0).put("IEND".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) end.getValue());
        try {
            return Files.write(file, png.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static java.awt.image.BufferedImage scanImage(List<String> lines, boolean titled) {
        int width = 2480;
        int height = 3508;
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(width, height,
                java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        java.awt.Graphics2D g = image.createGraphics();
        try {
            java.awt.Font font = java.awt.Font.createFont(java.awt.Font.TRUETYPE_FONT, chineseFont().orElseThrow());
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(java.awt.Color.BLACK);
            g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING, java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            int y = 420;
            for (int i = 0; i < lines.size(); i++) {
                boolean title = titled && i == 0;
                // About 19 pt for the title and 14 pt for the text at 300 dpi: a clean office scan.
                g.setFont(font.deriveFont(title ? 80f : 60f));
                g.drawString(lines.get(i), title ? 300 : 220, y);
                y += title ? 260 : 150;
            }
        } catch (java.awt.FontFormatException | IOException e) {
            throw new IllegalStateException(e);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** LibreOffice's command line program, which writes Word 97–2003 files (Debian libreoffice-writer-nogui). */
    public static Optional<Path> soffice() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "soffice");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * A Word 97–2003 file (the binary format that {@code .doc} and WPS Office's {@code .wps}
     * files are) with the content of {@code docx}, written by LibreOffice into {@code out}.
     */
    public static Path word97(Path docx, Path out) {
        Path soffice = soffice().orElseThrow(() -> new IllegalStateException("LibreOffice (soffice) is not installed"));
        try {
            Path work = Files.createTempDirectory("policybot-soffice");
            ProcessBuilder pb = new ProcessBuilder(soffice.toString(), "--headless", "--norestore",
                    "-env:UserInstallation=" + work.resolve("profile").toUri(),
                    "--convert-to", "doc:MS Word 97", "--outdir", work.toString(), docx.toString())
                    .redirectErrorStream(true).redirectOutput(work.resolve("log.txt").toFile());
            Process process = pb.start();
            if (!process.waitFor(180, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("LibreOffice did not convert " + docx + " within 180 s");
            }
            String base = docx.getFileName().toString().replaceFirst("\\.[^.]+$", "");
            Path doc = work.resolve(base + ".doc");
            if (!Files.isRegularFile(doc)) {
                throw new IllegalStateException("LibreOffice wrote no " + doc + ": " + Files.readString(work.resolve("log.txt")));
            }
            return Files.move(doc, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether Tesseract and its Simplified Chinese data are installed (Debian tesseract-ocr, tesseract-ocr-chi-sim). */
    public static boolean tesseractWithChinese() {
        return Ocr.onPath().available();
    }

    private static float line(PDPageContentStream cs, PDType0Font font, float size, float x, float y, String text) throws IOException {
        cs.beginText();
        cs.setFont(font, size);
        cs.newLineAtOffset(x, y);
        cs.showText(text);
        cs.endText();
        return y - size * 1.5f;
    }

    /** Marks the part of a paragraph that a page break cut off, at the top of the next page ({@link #pagedPdf}). */
    public static final String CONTINUED = "↪";

    /** A paragraph as a PDF prints it: an indented first line, then lines of 30 characters. */
    private static float paragraph(PDPageContentStream cs, PDType0Font font, float y, String text) throws IOException {
        return paragraph(cs, font, y, text, 74);
    }

    private static float paragraph(PDPageContentStream cs, PDType0Font font, float y, String text, float firstX) throws IOException {
        int perLine = 30;
        for (int i = 0; i < text.length(); i += perLine) {
            y = line(cs, font, 12, i == 0 ? firstX : 50, y, text.substring(i, Math.min(text.length(), i + perLine)));
        }
        return y;
    }

    public static Calendar date(int year, int month, int day) {
        Calendar c = new GregorianCalendar(TimeZone.getTimeZone("Asia/Shanghai"));
        c.clear();
        c.set(year, month - 1, day, 10, 0);
        return c;
    }

    public static StandardProtectionPolicy userPassword(String password) {
        StandardProtectionPolicy p = new StandardProtectionPolicy("owner-" + password, password, new AccessPermission());
        p.setEncryptionKeyLength(128);
        return p;
    }

    /** A saved government web page: navigation, a header, the article, a side bar of links, a footer and scripts. */
    public static String html(Guide g) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").append(g.title())
                .append(" - 某市人力资源和社会保障局</title><script>var tracker = '统计脚本内容';</script>")
                .append("<style>.nav{color:red}</style></head><body>")
                .append("<div class=\"top\"><a href=\"/\">网站首页</a> | <a href=\"/en\">English</a> | 无障碍浏览</div>")
                .append("<nav><ul><li><a href=\"/a\">机构概况</a></li><li><a href=\"/b\">政策法规</a></li>"
                        + "<li><a href=\"/c\">办事服务</a></li><li><a href=\"/d\">互动交流</a></li></ul></nav>")
                .append("<div class=\"position\">当前位置：<a href=\"/\">首页</a> &gt; <a href=\"/c\">办事服务</a></div>")
                .append("<div class=\"main\"><div class=\"content\">")
                .append("<h1>").append(g.title()).append("</h1>")
                .append("<h2>").append(g.heading1()).append("</h2>");
        g.paragraphs1().forEach(p -> sb.append("<p>").append(p).append("</p>\n"));
        sb.append("<h2>").append(g.heading2()).append("</h2>");
        g.paragraphs2().forEach(p -> sb.append("<p>\n  ").append(p).append("\n</p>\n"));
        sb.append("<table border=\"1\">");
        for (List<String> row : g.table()) {
            sb.append("<tr>");
            row.forEach(c -> sb.append("<td>").append(c).append("</td>"));
            sb.append("</tr>");
        }
        sb.append("</table></div>")
                .append("<div class=\"sidebar\"><h3>相关链接</h3><ul><li><a href=\"/x\">热点问答</a></li>"
                        + "<li><a href=\"/y\">下载中心</a></li></ul></div></div>")
                .append("<footer>主办单位：某市人力资源和社会保障局 版权所有 备案号：京ICP备00000000号</footer>")
                .append("<script>document.write('页面访问统计');</script></body></html>");
        return sb.toString();
    }

    /** A copy of a .docx whose document part is padded with spaces that compress a thousandfold. */
    public static Path zipBomb(Path docx, Path out, int megabytes) {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(docx));
             ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                byte[] bytes = in.readAllBytes();
                zip.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().equals("word/document.xml")) {
                    String xml = new String(bytes, StandardCharsets.UTF_8);
                    int body = xml.indexOf("<w:body>") + "<w:body>".length();
                    zip.write(xml.substring(0, body).getBytes(StandardCharsets.UTF_8));
                    byte[] spaces = new byte[1024 * 1024];
                    java.util.Arrays.fill(spaces, (byte) ' ');
                    for (int i = 0; i < megabytes; i++) {
                        zip.write(spaces);
                    }
                    zip.write(xml.substring(body).getBytes(StandardCharsets.UTF_8));
                } else {
                    zip.write(bytes);
                }
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
