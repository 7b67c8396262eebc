package org.policybot.retrieval.search;

import java.util.regex.Pattern;
import org.policybot.retrieval.search.UnderstoodQuery.AnswerType;

/**
 * Whether a sentence holds the kind of answer a question asks for: a figure for "多少",
 * a date for "哪天", a duration for "多久", a phone number for "电话", a person for "谁".
 * Patterns run on folded text (half-width, no spaces between Chinese and digits).
 */
public final class AnswerPatterns {

    private static final String NUM = "(\\d+(\\.\\d+)?|[一二两三四五六七八九十百千万]+)";
    private static final Pattern FIGURE = Pattern.compile(NUM + "\\s*(%|％|倍|万|亿|千|百|个|家|人|名|位|座|所|条|项|辆|次|件|元|岁|期|届|席|成|批|幅|份|台|米|升|吨|场|周|天|年)"
            + "|第" + NUM + "|百分之|\\d{2,}");
    private static final Pattern MONEY = Pattern.compile(NUM + "\\s*(万|亿)?\\s*(元|块)|全额|费用");
    private static final Pattern DATE = Pattern.compile("\\d{4}\\s*年(\\s*\\d{1,2}\\s*月)?|\\d{1,2}\\s*月\\s*\\d{1,2}\\s*日|[一二三四五六七八九十]+月[一二三四五六七八九十]+日|今年|去年|明年|当天|当日");
    private static final Pattern DURATION = Pattern.compile(NUM + "\\s*(个)?\\s*(工作日|天|日|周|个月|月|年|小时|分钟)(内|以内|之内)?|即时|当场|当天");
    private static final Pattern PHONE = Pattern.compile("\\d{5,}|1\\d{10}|12333|\\(0\\d{2,3}\\)|（0\\d{2,3}）");
    private static final Pattern PLACE = Pattern.compile("前往|到.{0,12}(机构|部门|中心|窗口|大厅|医院|地)|在.{0,12}(举行|举办|办理)|地址|位于");
    private static final Pattern PERSON = Pattern.compile("(院长|主任|教授|研究员|董事长|总经理|总裁|局长|书记|部长|专家|负责人|主编|经济学家|院士|记者|副)|[\\u4e00-\\u9fff]{2,3}(说|表示|认为|指出|介绍|建议|以)");

    private AnswerPatterns() {
    }

    /** True when the folded sentence holds an answer of this type; OTHER, HOW, WHY and YES_NO always match. */
    public static boolean holds(AnswerType type, String folded) {
        return switch (type) {
            case COUNT -> FIGURE.matcher(folded).find();
            case AMOUNT -> MONEY.matcher(folded).find() || FIGURE.matcher(folded).find();
            case DATE -> DATE.matcher(folded).find();
            case DURATION -> DURATION.matcher(folded).find();
            case PHONE -> PHONE.matcher(folded).find();
            case PLACE -> PLACE.matcher(folded).find();
            case PERSON -> PERSON.matcher(folded).find();
            default -> true;
        };
    }

    /** Whether a type is specific enough that a sentence without it cannot answer. */
    public static boolean isSpecific(AnswerType type) {
        return switch (type) {
            case COUNT, AMOUNT, DATE, DURATION, PHONE -> true;
            default -> false;
        };
    }
}
