package org.policybot.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;

/**
 * A generated corpus for the scale run: the bundled articles plus made-up public-service
 * documents (办事指南, 通知, 问答) in mixed formats, about ten passages each: plain text,
 * Markdown, web pages, Word files and PDFs (PDFs only when the WenQuanYi font is installed,
 * else Word files instead). The text is assembled from phrase pools with a fixed seed, so two
 * runs make the same folder; it reads like policy prose to the index (varied regions,
 * topics, figures, dates), not to a person.
 */
final class ScaleCorpus {

    private static final String[] SYLLABLES = ("安 白 宝 北 滨 昌 长 成 川 大 德 东 丰 凤 福 高 广 海 河 鹤 红 湖 华 淮 黄 吉 嘉 江 金 锦 靖 康 兰 乐 丽 利 连 临 龙 隆 鲁 洛 梅 南 宁 平 普 齐 青 庆 泉 瑞 山 上 绍 石 寿 顺 松 太 泰 天 通 桐 万 威 文 西 夏 仙 湘 新 兴 阳 宜 义 永 玉 元 岳 云 泽 樟 漳 镇 中 舟 竹 遵").split(" ");
    private static final String[] LEVELS = {"市", "县", "区"};
    private static final String[] TOPICS = {"城乡居民养老保险", "职工基本医疗保险", "失业保险金", "工伤保险待遇", "生育津贴",
            "住房公积金", "居住证", "灵活就业社保补贴", "高龄津贴", "低保", "临时救助", "就业见习补贴", "创业担保贷款",
            "职业技能培训补贴", "异地就医备案", "社保卡", "医保关系转移", "养老保险关系转移", "残疾人两项补贴", "取暖补贴"};
    private static final String[] KINDS = {"办事指南", "实施细则", "通知", "政策问答", "办理须知"};
    private static final String[] HEADINGS = {"一、适用对象", "二、办理条件", "三、办理材料", "四、办理流程", "五、待遇标准",
            "六、办理时限", "七、咨询方式"};
    private static final String[] GROUPS = {"本地户籍居民", "在本地参保的职工", "灵活就业人员", "退役军人", "高校毕业生",
            "六十周岁以上老年人", "持居住证的外来人员", "低保家庭成员"};
    private static final String[] PLACES = {"政务服务中心", "社会保障服务大厅", "街道便民服务中心", "乡镇社保所", "医保经办窗口"};
    private static final String[] MATERIALS = {"身份证原件和复印件", "户口簿", "社保卡", "申请表", "银行卡", "劳动合同",
            "离职证明", "居住证", "诊断证明", "退役证", "授权委托书", "收入证明"};
    private static final String[] CHANNELS = {"网上服务大厅", "手机小程序", "服务窗口", "自助服务终端", "12333热线"};

    private ScaleCorpus() {
    }

    /** Writes {@code documents} made-up documents and the bundled articles into {@code dir}, unless it is complete. */
    static Path write(Path dir, int documents, Path bundled) {
        try {
            if (Files.exists(dir.resolveSibling("articles.DONE"))) {
                return dir;
            }
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(bundled)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".txt")).toList()) {
                    Files.copy(f, dir.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            File font = new File("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc");
            Random random = new Random(20261206L);
            for (int i = 0; i < documents; i++) {
                Doc d = doc(random, i);
                String stem = String.format("doc%05d", i);
                switch (i % 10) {
                    case 0, 1, 2, 3 -> Files.writeString(dir.resolve(stem + ".txt"), d.text(false), StandardCharsets.UTF_8);
                    case 4 -> Files.writeString(dir.resolve(stem + ".md"), d.text(true), StandardCharsets.UTF_8);
                    case 5, 6 -> Files.writeString(dir.resolve(stem + ".html"), d.html(), StandardCharsets.UTF_8);
                    case 7, 8 -> d.docx(dir.resolve(stem + ".docx"));
                    default -> {
                        if (font.isFile()) {
                            d.pdf(dir.resolve(stem + ".pdf"), font);
                        } else {
                            d.docx(dir.resolve(stem + ".docx"));
                        }
                    }
                }
                if ((i + 1) % 1000 == 0) {
                    System.out.printf("generated %d of %d documents%n", i + 1, documents);
                }
            }
            Files.writeString(dir.resolveSibling("articles.DONE"), "ok");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Section(String heading, List<String> paragraphs) {
    }

    record Doc(String title, String dateline, List<Section> sections) {

        String text(boolean markdown) {
            StringBuilder sb = new StringBuilder(markdown ? "# " : "").append(title).append("\n\n").append(dateline).append("\n\n");
            for (Section s : sections) {
                sb.append(markdown ? "## " : "").append(s.heading()).append("\n\n");
                for (String p : s.paragraphs()) {
                    sb.append(p).append("\n\n");
                }
            }
            return sb.toString();
        }

        String html() {
            StringBuilder sb = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>")
                    .append(title).append(" - 人社局</title></head><body>")
                    .append("<nav class=\"nav\"><a href=\"/\">首页</a> <a href=\"/zwgk\">政务公开</a></nav><main><h1>")
                    .append(title).append("</h1><p class=\"info\">").append(dateline).append("</p>");
            for (Section s : sections) {
                sb.append("<h2>").append(s.heading()).append("</h2>");
                for (String p : s.paragraphs()) {
                    sb.append("<p>").append(p).append("</p>");
                }
            }
            return sb.append("</main><footer class=\"footer\">版权所有 主办单位：人力资源和社会保障局</footer></body></html>").toString();
        }

        void docx(Path file) throws IOException {
            try (XWPFDocument d = new XWPFDocument()) {
                d.getProperties().getCoreProperties().setTitle(title);
                d.createParagraph().createRun().setText(title);
                d.createParagraph().createRun().setText(dateline);
                for (Section s : sections) {
                    XWPFParagraph h = d.createParagraph();
                    h.createRun().setText(s.heading());
                    for (String p : s.paragraphs()) {
                        d.createParagraph().createRun().setText(p);
                    }
                }
                try (var out = Files.newOutputStream(file)) {
                    d.write(out);
                }
            }
        }

        void pdf(Path file, File fontFile) throws IOException {
            try (PDDocument doc = new PDDocument(); TrueTypeCollection ttc = new TrueTypeCollection(fontFile)) {
                TrueTypeFont[] first = new TrueTypeFont[1];
                ttc.processAllFonts(f -> {
                    if (first[0] == null) {
                        first[0] = f;
                    }
                });
                PDType0Font font = PDType0Font.load(doc, first[0], true);
                List<String> lines = new ArrayList<>();
                lines.add(title);
                lines.add(dateline);
                for (Section s : sections) {
                    lines.add(s.heading());
                    for (String p : s.paragraphs()) {
                        // Wrapped as a page wraps it: layout repair joins the lines again.
                        for (int at = 0; at < p.length(); at += 38) {
                            lines.add(p.substring(at, Math.min(p.length(), at + 38)));
                        }
                    }
                }
                PDPageContentStream cs = null;
                float y = 0;
                try {
                    for (String line : lines) {
                        if (cs == null || y < 60) {
                            if (cs != null) {
                                cs.close();
                            }
                            PDPage page = new PDPage(PDRectangle.A4);
                            doc.addPage(page);
                            cs = new PDPageContentStream(doc, page);
                            y = 790;
                        }
                        cs.beginText();
                        cs.setFont(font, 12);
                        cs.newLineAtOffset(50, y);
                        cs.showText(line);
                        cs.endText();
                        y -= 18;
                    }
                } finally {
                    if (cs != null) {
                        cs.close();
                    }
                }
                doc.getDocumentInformation().setTitle(title);
                doc.save(file.toFile());
            }
        }
    }

    private static String pick(Random r, String[] pool) {
        return pool[r.nextInt(pool.length)];
    }

    private static String region(Random r) {
        return pick(r, SYLLABLES) + pick(r, SYLLABLES) + pick(r, LEVELS);
    }

    static Doc doc(Random r, int i) {
        String region = region(r);
        String topic = pick(r, TOPICS);
        String title = region + topic + pick(r, KINDS);
        int year = 2015 + r.nextInt(11);
        String dateline = region + "人力资源和社会保障局　" + year + "年" + (1 + r.nextInt(12)) + "月" + (1 + r.nextInt(28)) + "日";
        List<Section> sections = new ArrayList<>();
        int count = 5 + r.nextInt(3);
        for (int s = 0; s < count; s++) {
            List<String> paragraphs = new ArrayList<>();
            int n = 2 + r.nextInt(2);
            for (int p = 0; p < n; p++) {
                paragraphs.add(paragraph(r, region, topic, year));
            }
            sections.add(new Section(HEADINGS[s], paragraphs));
        }
        return new Doc(title, dateline, sections);
    }

    private static String paragraph(Random r, String region, String topic, int year) {
        StringBuilder sb = new StringBuilder();
        int sentences = 2 + r.nextInt(3);
        for (int k = 0; k < sentences; k++) {
            sb.append(switch (r.nextInt(8)) {
                case 0 -> pick(r, GROUPS) + "申请" + topic + "的，应当在" + (10 + r.nextInt(80)) + "个工作日内向" + region
                        + pick(r, PLACES) + "提出申请。";
                case 1 -> "办理" + topic + "需提交" + pick(r, MATERIALS) + "、" + pick(r, MATERIALS) + "和" + pick(r, MATERIALS) + "。";
                case 2 -> topic + "标准为每人每月" + (50 + r.nextInt(40) * 25) + "元，自" + year + "年" + (1 + r.nextInt(12))
                        + "月起按月发放。";
                case 3 -> "申请人可以通过" + pick(r, CHANNELS) + "或" + pick(r, CHANNELS) + "办理，" + pick(r, PLACES)
                        + "受理时间为工作日上午九时至下午五时。";
                case 4 -> "经办机构应当自受理之日起" + (3 + r.nextInt(28)) + "个工作日内完成审核，符合条件的予以办理，不符合条件的书面告知理由。";
                case 5 -> "咨询电话：" + (400 + r.nextInt(600)) + "-" + (1000000 + r.nextInt(9000000)) + "，也可拨打12333人社服务热线咨询。";
                case 6 -> "对" + pick(r, GROUPS) + "，" + region + "按照" + (r.nextInt(5) + 1) + "个档次给予补助，最高不超过"
                        + (1000 + r.nextInt(20) * 500) + "元。";
                default -> "本" + pick(r, KINDS) + "自" + year + "年" + (1 + r.nextInt(12)) + "月" + (1 + r.nextInt(28))
                        + "日起施行，由" + region + "人力资源和社会保障局负责解释。";
            });
        }
        return sb.toString();
    }
}
