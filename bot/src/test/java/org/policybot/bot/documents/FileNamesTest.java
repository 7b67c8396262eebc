package org.policybot.bot.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Names sent with uploads, cleaned into plain names of the articles folder or refused. */
class FileNamesTest {

    @Test
    void should_keep_a_plain_name_as_sent() throws Exception {
        FileNames.Clean c = FileNames.clean("关于退役军人养老保险的通知.docx");

        assertThat(c.name()).isEqualTo("关于退役军人养老保险的通知.docx");
        assertThat(c.changes()).isEmpty();
    }

    @Test
    void should_drop_paths_control_characters_and_leading_dots_and_say_so() throws Exception {
        assertThat(FileNames.clean("C:\\Users\\王\\通知.pdf").name()).isEqualTo("通知.pdf");
        assertThat(FileNames.clean("../../etc/passwd.txt").name()).isEqualTo("passwd.txt");
        assertThat(FileNames.clean("通\u0000知\u202E.txt").name()).isEqualTo("通知.txt");
        FileNames.Clean hidden = FileNames.clean("..通知.md");
        assertThat(hidden.name()).isEqualTo("通知.md");
        assertThat(hidden.changes()).singleElement().asString().contains("开头的点");
        FileNames.Clean odd = FileNames.clean("a<b>:c?.txt");
        assertThat(odd.name()).isEqualTo("a_b__c_.txt");
        assertThat(odd.changes()).singleElement().asString().contains("换成了 _");
    }

    @Test
    void should_refuse_names_that_leave_nothing_are_too_long_or_of_a_type_not_read() {
        assertThatThrownBy(() -> FileNames.clean("..")).hasMessageContaining("文件名无效");
        assertThatThrownBy(() -> FileNames.clean("a/b/")).hasMessageContaining("文件名无效");
        assertThatThrownBy(() -> FileNames.clean("长".repeat(100) + ".txt")).hasMessageContaining("太长");
        assertThatThrownBy(() -> FileNames.clean("README.md")).hasMessageContaining("README.md");
        assertThatThrownBy(() -> FileNames.clean("x.meta.yaml")).isInstanceOfSatisfying(FileNames.Refused.class,
                r -> assertThat(r.unsupportedType()).isTrue()).hasMessageContaining(".yaml");
        assertThatThrownBy(() -> FileNames.clean("说明")).hasMessageContaining("没有扩展名");
    }
}
