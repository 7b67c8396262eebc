package org.policybot.bot.wechat;

import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.mp.api.impl.WxMpServiceImpl;
import me.chanjar.weixin.mp.bean.kefu.WxMpKefuMessage;
import me.chanjar.weixin.mp.config.WxMpHostConfig;
import me.chanjar.weixin.mp.config.impl.WxMpDefaultConfigImpl;
import org.policybot.config.Settings;

/**
 * The customer-service API through WxJava: {@code POST /cgi-bin/message/custom/send} on
 * the configured API base, with an access token WxJava fetches from {@code /cgi-bin/token}
 * and caches until it expires (refetching when WeChat says it is invalid).
 */
final class WxCustomerService implements CustomerService, AutoCloseable {

    private final WxMpServiceImpl service;

    WxCustomerService(Settings.Wechat settings) {
        WxMpDefaultConfigImpl config = new WxMpDefaultConfigImpl();
        config.setAppId(settings.appId());
        config.setSecret(settings.appSecret());
        config.setToken(settings.token());
        String base = settings.apiUrl().replaceAll("/+$", "");
        WxMpHostConfig hosts = new WxMpHostConfig();
        hosts.setApiHost(base);
        config.setHostConfig(hosts);
        this.service = new WxMpServiceImpl();
        // One retry on "system busy", quickly: the user is waiting for this answer.
        service.setMaxRetryTimes(1);
        service.setRetrySleepMillis(500);
        service.setWxMpConfigStorage(config);
    }

    /** Whether the settings hold what the API needs (AppID and AppSecret). */
    static boolean configured(Settings.Wechat settings) {
        return !settings.appId().isBlank() && !settings.appSecret().isBlank();
    }

    @Override
    public void send(String openId, String text) throws Refused {
        WxMpKefuMessage message = WxMpKefuMessage.TEXT().toUser(openId).content(text).build();
        try {
            service.getKefuService().sendKefuMessage(message);
        } catch (WxErrorException e) {
            int code = e.getError() == null ? -1 : e.getError().getErrorCode();
            String msg = e.getError() == null ? e.getMessage() : e.getError().getErrorMsg();
            throw new Refused(code, "customer-service message refused: errcode " + code + " " + msg, e);
        } catch (RuntimeException e) {
            // WxRuntimeException for I/O and "system busy" after retries; anything else is as final.
            throw new Refused(-1, "customer-service message failed: " + e, e);
        }
    }

    @Override
    public void close() {
        try {
            service.getRequestHttpClient().close();
        } catch (java.io.IOException | RuntimeException e) {
            // Closing anyway.
        }
    }
}
