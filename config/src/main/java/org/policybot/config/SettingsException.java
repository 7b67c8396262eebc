package org.policybot.config;

/**
 * A setting is missing or has a bad value. The message is one line that names the key
 * and its environment variable, so the launcher can print it as is and exit with code 2.
 */
public final class SettingsException extends RuntimeException {
    private final String key;

    public SettingsException(String key, String problem) {
        super(key + " (" + SettingsLoader.envName(key) + "): " + problem);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
