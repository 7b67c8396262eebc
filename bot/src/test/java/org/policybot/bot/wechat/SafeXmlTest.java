package org.policybot.bot.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import me.chanjar.weixin.mp.bean.message.WxMpXmlOutMessage;
import org.junit.jupiter.api.Test;

class SafeXmlTest {

    @Test
    void should_drop_control_characters_and_break_cdata_ends_but_keep_text() {
        String cleaned = SafeXml.clean("a\u0000b\u0001c\u001Fd\u007Fe\u0085f]]>g\r\nh\ti😀\uFFFE\uD800");

        assertThat(cleaned).isEqualTo("abcdef]]＞g\nh\ti😀");
    }

    @Test
    void should_make_wxjava_write_well_formed_xml_when_cleaned_text_holds_cdata_ends() {
        String hostile = "前]]><x>&\u0002后]]]]>>";

        String xml = WxMpXmlOutMessage.TEXT().content(SafeXml.clean(hostile)).fromUser("gh").toUser("o").build().toXml();

        assertThat(WechatSide.parse(xml).get("Content")).isEqualTo("前]]＞<x>&后]]]]＞>");
    }

    @Test
    void should_refuse_a_doctype_and_accept_the_same_words_inside_text() throws Exception {
        assertThatThrownBy(() -> SafeXml.parse("<?xml version=\"1.0\"?>\n<!doctype xml><xml/>"))
                .isInstanceOf(SafeXml.RefusedXml.class);

        var doc = SafeXml.parse("<xml><Content><![CDATA[<!DOCTYPE 是什么？]]></Content></xml>");

        assertThat(SafeXml.child(doc, "Content")).isEqualTo("<!DOCTYPE 是什么？");
    }

    @Test
    void should_refuse_malformed_and_empty_bodies() {
        assertThatThrownBy(() -> SafeXml.parse("<xml><a></xml>")).isInstanceOf(SafeXml.RefusedXml.class);
        assertThatThrownBy(() -> SafeXml.parse("  ")).isInstanceOf(SafeXml.RefusedXml.class);
    }
}
