package org.policybot.retrieval.text;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Quantities written in Chinese numerals, as citizens type them ("满一百岁", "九十多岁", "两万块",
 * "十五个工作日"), rewritten in digits as articles print them ("100周岁", "2万元"), so the words
 * and the numbers of a question match the articles'. Only a numeral followed by a measure or
 * a unit is a quantity; numerals read digit by digit ("三四年": three or four years) and
 * numerals in words ("一些", "一起", "一次性", "十一假期") stay.
 */
public final class ChineseNumerals {

    private static final String DIGITS = "零〇一二两三四五六七八九";
    /** A numeral, then (optionally 多/余/来) a measure word or unit. */
    private static final Pattern QUANTITY = Pattern.compile(
            "([零〇一二两三四五六七八九十百千万亿]+)(?=(多|余|来)?(周岁|岁|元|块|个|天|人|名|位|家|项|次(?!性)|倍|万|亿|年|月|日|号|周|小时|分钟|平方米|公里|米|吨|户|所|套|张|本|件|辆|批|期|届|分|%))");

    private ChineseNumerals() {
    }

    /** The text with every quantity in Chinese numerals written in digits. */
    public static String quantitiesToDigits(String text) {
        Matcher m = QUANTITY.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            long value = parse(m.group(1));
            m.appendReplacement(sb, Matcher.quoteReplacement(value < 0 ? m.group(1) : Long.toString(value)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /**
     * The value of a Chinese numeral ("一百" 100, "九十" 90, "十五" 15, "两万" 20000, "一千零五"
     * 1005), or -1 when it is no single number: a lone 零, or two digits in a row without a
     * unit between them ("三四", "一四": read digit by digit or as a range).
     */
    static long parse(String numeral) {
        if (numeral.equals("零") || numeral.equals("〇")) {
            return -1;
        }
        long total = 0;
        long section = 0;
        long digit = -1;
        for (int i = 0; i < numeral.length(); i++) {
            char c = numeral.charAt(i);
            int d = DIGITS.indexOf(c);
            if (d >= 0) {
                if (digit > 0) {
                    return -1;
                }
                digit = c == '零' || c == '〇' ? 0 : valueOf(c);
                continue;
            }
            long unit = switch (c) {
                case '十' -> 10;
                case '百' -> 100;
                case '千' -> 1000;
                case '万' -> 10_000;
                case '亿' -> 100_000_000;
                default -> -1;
            };
            if (unit < 0) {
                return -1;
            }
            if (unit >= 10_000) {
                section += Math.max(digit, 0);
                total = (total + (section == 0 ? 1 : section)) * unit;
                section = 0;
            } else {
                section += (digit < 0 ? 1 : digit) * unit;
            }
            digit = -1;
        }
        return total + section + Math.max(digit, 0);
    }

    private static int valueOf(char c) {
        return switch (c) {
            case '一' -> 1;
            case '二', '两' -> 2;
            case '三' -> 3;
            case '四' -> 4;
            case '五' -> 5;
            case '六' -> 6;
            case '七' -> 7;
            case '八' -> 8;
            case '九' -> 9;
            default -> 0;
        };
    }
}
