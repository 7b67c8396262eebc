package org.policybot.bot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A made-up corpus for the outcomes that depend on coverage: two short articles on the same
 * subsidy in two made-up cities, with different figures. A question that names no city and
 * asks for the figure is answered with a question back (clarify, options 甲州 and 乙州); a
 * question on one city that the articles do not state gets the related sentences; the
 * bundled articles' topics are declined.
 */
public final class RegionalCorpus {

    /** Clarify: the figure differs by city and the question names none. */
    public static final String CLARIFY = "独生子女父母奖励补贴每月多少钱";
    public static final List<String> OPTIONS = List.of("甲州", "乙州");
    /** In the answer for 甲州 or 乙州 to {@link #CLARIFY}. */
    public static final String JIAZHOU_FIGURE = "150元";
    public static final String YIZHOU_FIGURE = "80元";
    /** Answered: names the city. */
    public static final String ANSWERED = "甲州市独生子女父母奖励补贴标准是多少";
    /** Related: names the city, asks what the article does not say. */
    public static final String RELATED = "甲州市独生子女补贴能不能一次性领取";
    /** Declined: nothing on it. */
    public static final String DECLINED = "退役军人养老保险怎么接续";

    private RegionalCorpus() {
    }

    /** Writes the articles into {@code dir} (created if missing); returns it. */
    public static Path write(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("01_jiazhou.txt"), """
                    甲州市独生子女父母奖励补贴标准提高

                    甲州晚报　2026年2月10日

                    本报讯　甲州市卫生健康委员会近日发布通知，从2026年3月1日起，甲州市独生子女父母奖励补贴标准提高。

                    按照通知，符合条件的独生子女父母每人每月可领取奖励补贴150元，原为100元。

                    补贴由街道办事处审核后按季度发放，打入本人社会保障卡。

                    （测试用虚构材料）
                    """, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("02_yizhou.txt"), """
                    乙州市独生子女父母奖励补贴标准提高

                    乙州晚报　2026年4月2日

                    本报讯　乙州市卫生健康委员会近日发布通知，从2026年5月1日起，乙州市独生子女父母奖励补贴标准提高。

                    按照通知，符合条件的独生子女父母每人每月可领取奖励补贴80元，原为50元。

                    补贴由乡镇人民政府审核后按年发放，每年12月底前打入本人银行账户。

                    （测试用虚构材料）
                    """, StandardCharsets.UTF_8);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
