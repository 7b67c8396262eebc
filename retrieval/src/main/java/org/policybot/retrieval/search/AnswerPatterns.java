package org.policybot.retrieval.search;

import java.util.regex.Pattern;
import org.policybot.retrieval.search.UnderstoodQuery.AnswerType;

/**
 * Whether a sentence holds the kind of answer a question asks for: a figure for "多少",
 * a date for "哪天", a duration for "多久", a time of day for "几点", a phone number for "电话", a person for "谁".
 * Patterns run on folded text (half-width, no spaces between Chinese and digits).
 */
public final class AnswerPatterns {

    private static final String NUM = "(\\d+(\\.\\d+)?|[一二两三四五六七八九十百千万]+)";
    private static final Pattern MONEY = Pattern.compile(NUM + "\\s*(余|多)?\\s*(万|亿)?\\s*(元|块)|全额|全部退还|一次性退还");
    /** A figure written with digits (Chinese numerals in running text are mostly not quantities asked for). */
    private static final Pattern DIGIT_FIGURE = Pattern.compile("\\d+(\\.\\d+)?\\s*(余|多|来)?\\s*(%|％|倍|万|亿|千|百|个|家|人|名|位|座|所|条|项|辆|次|件|元|岁|期|届|席|成|批|幅|份|台|米|升|吨|场|周|天|强)"
            // Units in Latin letters: "1.4l/kwh", "5gw", "300mw" (folded to lower case).
            + "|\\d+(\\.\\d+)?\\s*[a-z]{1,3}(/[a-z]{1,4})?(?![a-z])");
    private static final Pattern DATE = Pattern.compile("\\d{4}\\s*年(\\s*\\d{1,2}\\s*月)?|\\d{1,2}\\s*月\\s*\\d{1,2}\\s*日|[一二三四五六七八九十]+月[一二三四五六七八九十]+日|\\d{1,2}\\s*月(底|初|中旬|上旬|下旬|份)|今年|去年|明年|当天|当日");
    private static final Pattern DURATION = Pattern.compile("((?<![\\d.])\\d{1,3}(\\.\\d+)?|[一二两三四五六七八九十半]+)\\s*个?\\s*(工作日|天|周|个月|小时|分钟|年)(?![\\d])"
            + "|当场办结|当天办结|即办即结");
    /** A time of day or a schedule: "9:00", "上午9点", "周一至周五", "24小时", "工作日". */
    private static final Pattern TIME = Pattern.compile("\\d{1,2}\\s*[:：]\\s*\\d{2}|\\d{1,2}\\s*(点|时)(?![间代期段])|[上下中]午|早上|晚上"
            + "|周[一二三四五六日天]\\s*(至|到|-)|星期[一二三四五六日天]|24\\s*小时|全天候?|节假日|工作日");
    private static final Pattern PHONE = Pattern.compile("\\d{5,}|1\\d{10}|12333|\\(0\\d{2,3}\\)|（0\\d{2,3}）");
    private static final Pattern PLACE = Pattern.compile("前往|(?<![解看想得达受遇做感找听收拿提说识])到.{0,12}(机构|部门|中心|窗口|大厅|医院|地)"
            + "|在.{0,12}(举行|举办|办理)|地址|位于"
            // A street with its number ("人民路88号"), a building or a square; not "转型之路".
            + "|[\\u4e00-\\u9fff]{1,8}(路|街|大道)\\d+号|[\\u4e00-\\u9fff]{1,8}(号楼|大厦|广场)"
            // Where someone works: "被郑州一家物流公司录用", "入职地理信息公司".
            + "|(被|在|进了?|到).{0,12}(公司|企业|工厂|厂|集团|单位)(录用|聘用|工作|上班|任职)|入职.{0,12}(公司|企业|工厂|集团)"
            // A province named in brackets after what is there: "转移转化中心(江苏)".
            + "|[（(](北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南"
            + "|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门)[)）]");
    private static final Pattern PERSON = Pattern.compile("(院长|主任|教授|研究员|董事长|总经理|总裁|局长|书记|部长|专家|负责人|主编|经济学家|院士|记者)|[\\u4e00-\\u9fff]{2,3}(说|表示|认为|指出|介绍|建议)");

    private AnswerPatterns() {
    }

    /** Whether the folded sentence states a sum of money ("300元", "2万元", "全额"). */
    public static boolean holdsMoney(String folded) {
        return MONEY.matcher(folded).find();
    }

    /** True when the folded sentence holds an answer of this type; OTHER, HOW, WHY and YES_NO always match. */
    public static boolean holds(AnswerType type, String folded) {
        return switch (type) {
            case COUNT -> DIGIT_FIGURE.matcher(folded).find() || ORDINAL_OR_RATIO.matcher(folded).find();
            case AMOUNT -> MONEY.matcher(folded).find() || DIGIT_FIGURE.matcher(folded).find();
            case DATE -> DATE.matcher(folded).find();
            case DURATION -> DURATION.matcher(folded).find();
            case TIME -> TIME.matcher(folded).find();
            case PHONE -> PHONE.matcher(folded).find();
            case PLACE -> PLACE.matcher(folded).find();
            case PERSON -> PERSON.matcher(folded).find();
            default -> true;
        };
    }

    private static final Pattern ORDINAL_OR_RATIO = Pattern.compile("第" + NUM + "|百分之|[一二三四五六七八九十两]+(分之|倍|成)|(?<![\\d.])\\d{1,3}(\\.\\d+)?\\s*年期?|\\d{1,3}\\s*(至|到|-)\\s*\\d{1,3}");
    private static final Pattern ASKED_UNIT = Pattern.compile("(多少|几)(人次|万人|个|项|家|位|名|座|所|条|辆|次|件|元|岁|期|届|席|成|批|幅|份|台|米|升|吨|场|周|天|倍|人|年|届)");

    /**
     * Actions that tell apart which sum an amount question asks about (paid in, refunded,
     * spent, earned): "最少交多少" is not answered by a refund. Receiving (给, 发, 领, 拿) is left
     * out: a benefit's amount is stated without the verb ("每人每月100元").
     */
    private static final Pattern ASKED_ACTION = Pattern.compile("(交|缴|退|补|花|赚|挣|报销|补贴|奖励|投入|用)(了|的)?(多少|几)");

    /** The action an amount question asks about ("最少交多少" asks about 交), or "" when none. */
    public static String askedAction(String normalizedQuestion) {
        java.util.regex.Matcher m = ASKED_ACTION.matcher(normalizedQuestion);
        return m.find() ? m.group(1) : "";
    }

    private static final Pattern ASKED_MEASURE = Pattern.compile("(多少|几)个?(工作日|天|周|星期|个月|小时|分钟|钱|块)");

    /**
     * The unit a duration or amount question asks in ("多少个工作日" asks in 工作日, "多少钱" in
     * 钱), or "" when none: part of the question word, not of its topic, so a sentence holding
     * only it answers nothing.
     */
    public static String askedMeasure(String normalizedQuestion) {
        java.util.regex.Matcher m = ASKED_MEASURE.matcher(normalizedQuestion);
        return m.find() ? m.group(2) : "";
    }

    /** The measure word a count question asks in ("多少幅画" asks in 幅), or "" when none. */
    public static String askedUnit(String normalizedQuestion) {
        java.util.regex.Matcher m = ASKED_UNIT.matcher(normalizedQuestion);
        return m.find() ? m.group(2) : "";
    }

    /**
     * A number with that measure word ("80幅", "2600余个"), to find in folded sentences; null for
     * no measure word. Compiled once per question, matched against every sentence scored.
     */
    public static Pattern unitFigure(String unit) {
        if (unit.isEmpty()) {
            return null;
        }
        return Pattern.compile("(\\d+(\\.\\d+)?|[一二两三四五六七八九十百千万]+)\\s*(余|多|万|亿)?\\s*" + Pattern.quote(unit));
    }

    /** Whether a type is specific enough that a sentence without it cannot answer. */
    public static boolean isSpecific(AnswerType type) {
        return switch (type) {
            case COUNT, AMOUNT, DATE, DURATION, TIME, PHONE, PLACE -> true;
            default -> false;
        };
    }
}
