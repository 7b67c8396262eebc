package org.policybot.bot.telegram;

import java.io.IOException;
import java.util.regex.Pattern;
import okhttp3.Interceptor;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Test-only fixes for the telegram-test-api emulator, applied on the bot's HTTP client:
 * its bot messages carry {@code date} in milliseconds (TelegramBots expects seconds and
 * fails to parse them), its getMe leaves out {@code is_bot} (which TelegramBots requires),
 * and its getUpdates answers at once instead of long-polling, so an empty answer is held
 * back a little to keep the polling loop from spinning.
 */
final class EmulatorFixes implements Interceptor {

    private static final Pattern DATE_MILLIS = Pattern.compile("\"date\":(\\d{10})\\d{3}(?!\\d)");
    static final long EMPTY_POLL_PAUSE_MILLIS = 250;

    @Override
    public Response intercept(Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        // TelegramBots writes method names in lower case ("/bot<token>/getupdates").
        String path = chain.request().url().encodedPath().toLowerCase(java.util.Locale.ROOT);
        ResponseBody body = response.body();
        if (!path.startsWith("/bot") || body == null) {
            return response;
        }
        String text = body.string();
        if (path.endsWith("/getupdates") && text.contains("\"result\":[]")) {
            try {
                Thread.sleep(EMPTY_POLL_PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String fixed = DATE_MILLIS.matcher(text).replaceAll("\"date\":$1");
        if (path.endsWith("/getme") && !fixed.contains("\"is_bot\"")) {
            fixed = fixed.replace("\"result\":{", "\"result\":{\"is_bot\":true,");
        }
        return response.newBuilder().body(ResponseBody.create(fixed, body.contentType())).build();
    }
}
