package org.policybot.bot.answer;

import java.util.Locale;
import java.util.Set;

/**
 * Greetings and thanks typed as a whole message ("你好", "在吗", "谢谢"): they are not
 * questions the articles fail to cover, so they get a friendly reply instead of a decline.
 * A message that says more ("你好，我13年退伍的…") is a question like any other.
 */
final class SmallTalk {

    private static final Set<String> GREETINGS = Set.of("你好", "您好", "你好啊", "您好啊", "你们好", "在吗", "在不在", "在么",
            "哈喽", "嗨", "喂", "早", "早上好", "上午好", "中午好", "下午好", "晚上好", "hi", "hello", "hey", "helo", "nihao");
    private static final Set<String> THANKS = Set.of("谢谢", "谢谢你", "谢谢您", "多谢", "感谢", "非常感谢", "谢了", "谢啦",
            "好的谢谢", "好的", "好", "嗯", "嗯嗯", "收到", "明白了", "知道了", "懂了", "thanks", "thankyou", "thx", "ok", "okay");

    private static final java.util.regex.Pattern PUNCTUATION_AND_SPACE = java.util.regex.Pattern.compile("[\\p{P}\\p{S}\\s]+");

    private SmallTalk() {
    }

    /** The reply to a message that is only a greeting or thanks, or null for anything else. */
    static String reply(String message, AnswerTexts texts) {
        String m = PUNCTUATION_AND_SPACE.matcher(message.toLowerCase(Locale.ROOT)).replaceAll("");
        if (GREETINGS.contains(m)) {
            return texts.greeting();
        }
        if (THANKS.contains(m)) {
            return texts.thanks();
        }
        return null;
    }
}
