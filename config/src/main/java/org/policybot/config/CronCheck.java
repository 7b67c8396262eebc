package org.policybot.config;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;

/** Validates digest schedules (Unix cron, five fields) when settings load, not when the digest first runs. */
final class CronCheck {
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private CronCheck() {
    }

    static void validate(String key, String expression) {
        try {
            UNIX.parse(expression).validate();
        } catch (IllegalArgumentException e) {
            throw new SettingsException(key, "is not a valid cron expression (minute hour day month weekday): \"" + expression + "\"");
        }
    }
}
