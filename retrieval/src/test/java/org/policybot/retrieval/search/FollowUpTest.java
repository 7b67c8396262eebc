package org.policybot.retrieval.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.policybot.retrieval.ingest.Passage;

/** Follow-up detection on made-up questions, over a small made-up corpus. */
class FollowUpTest {

    private static final List<String> PASSAGES = List.of(
            "退役军人参加基本养老保险，军龄视同缴费年限，养老金按月领取。",
            "失业保险金由参保地经办机构按月发放，申领需携带身份证和解除劳动合同证明。",
            "农民工工资拖欠可拨打劳动保障监察投诉电话，欠薪案件限期办结。",
            "创业担保贷款补贴标准按贷款额度的一定比例确定。");
    private static final Vocabulary VOCABULARY = Vocabulary.of(List.of(), PASSAGES.stream()
            .map(t -> new Passage("p" + PASSAGES.indexOf(t), "a", "标题", Optional.empty(), "", "", t, 0, 1)).toList());
    private static final FollowUp FOLLOW_UP = FollowUp.bundled();
    private static final QueryUnderstanding UNDERSTANDING = new QueryUnderstanding(Lexicon.bundled(), VOCABULARY, FOLLOW_UP);
    private static final List<String> EARLIER = List.of("退役军人的养老保险关系怎么接续");

    static Stream<FollowUp.Cue> cues() {
        return FOLLOW_UP.cues().stream();
    }

    private static Optional<FollowUp.Reason> reason(String question) {
        UnderstoodQuery alone = UNDERSTANDING.understand(question, List.of());
        return FOLLOW_UP.reason(alone.normalized(), alone.terms());
    }

    private static List<String> contextTerms(UnderstoodQuery q) {
        return q.terms().stream().filter(t -> t.source() == QueryTerm.Source.CONTEXT).map(QueryTerm::text).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cues")
    void should_lean_on_the_earlier_turn_because_of_each_cue(FollowUp.Cue cue) {
        String without = cue.kind() == FollowUp.Kind.ASPECT ? "失业保险金" + cue.example()
                : cue.example().replaceFirst(java.util.regex.Pattern.quote(cue.word()), "");

        assertThat(reason(cue.example())).as(cue.example()).contains(switch (cue.kind()) {
            case REFERS, REFERS_NOUN, PHRASE -> FollowUp.Reason.REFERS_BACK;
            case LEADING -> FollowUp.Reason.GOES_ON;
            case TRAILING -> FollowUp.Reason.WHAT_ABOUT;
            case ASPECT -> FollowUp.Reason.NO_TOPIC_OF_ITS_OWN;
        });
        assertThat(reason(without)).as(without).isEmpty();
        assertThat(UNDERSTANDING.understand(cue.example(), EARLIER).followUp()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cues")
    void should_list_only_aspect_words_that_the_answer_types_do_not_already_read_as_question_words(FollowUp.Cue cue) {
        if (cue.kind() == FollowUp.Kind.ASPECT) {
            assertThat(QueryUnderstanding.answerType(cue.word())).isEqualTo(UnderstoodQuery.AnswerType.OTHER);
        }
    }

    @Test
    void should_not_pull_a_new_topic_back_to_the_earlier_one() {
        UnderstoodQuery q = UNDERSTANDING.understand("洛阳农民工欠薪投诉电话多少", EARLIER);

        assertThat(q.followUp()).isFalse();
        assertThat(contextTerms(q)).isEmpty();
        assertThat(q.terms()).extracting(QueryTerm::text).contains("欠薪");
    }

    @ParameterizedTest
    @ValueSource(strings = {"那要带什么材料？", "电话多少？", "他在哪里上班？", "第几名？", "那个呢", "还有吗", "需要什么条件"})
    void should_give_an_elliptical_follow_up_the_words_of_the_earlier_turn(String question) {
        UnderstoodQuery q = UNDERSTANDING.understand(question, EARLIER);

        assertThat(q.followUp()).isTrue();
        assertThat(contextTerms(q)).contains("退役军人", "养老保险");
    }

    @Test
    void should_give_a_follow_up_that_adds_an_aspect_both_its_own_words_and_the_earlier_ones() {
        UnderstoodQuery q = UNDERSTANDING.understand("那失业保险呢？", EARLIER);

        assertThat(q.followUp()).isTrue();
        assertThat(q.terms()).filteredOn(QueryTerm::isOwn).extracting(QueryTerm::text).contains("失业保险");
        assertThat(contextTerms(q)).contains("退役军人");
    }

    @Test
    void should_take_a_trailing_ne_after_a_question_word_as_softening_not_as_a_follow_up() {
        UnderstoodQuery q = UNDERSTANDING.understand("洛阳农民工欠薪投诉电话是多少呢", EARLIER);

        assertThat(q.followUp()).isFalse();
        assertThat(contextTerms(q)).isEmpty();
    }

    @Test
    void should_not_count_a_modal_gai_as_pointing_back() {
        assertThat(reason("失业保险金我该怎么申领")).isEmpty();
        assertThat(reason("该补贴怎么申领")).contains(FollowUp.Reason.REFERS_BACK);
    }

    @Test
    void should_not_be_a_follow_up_without_earlier_turns() {
        assertThat(UNDERSTANDING.understand("电话多少？", List.of()).followUp()).isFalse();
        assertThat(UNDERSTANDING.understand("电话多少？", List.of(" ")).followUp()).isFalse();
    }

    @Test
    void should_count_as_a_follow_up_when_built_the_old_way_with_earlier_turns() {
        UnderstoodQuery q = new UnderstoodQuery("电话多少", EARLIER, "电话多少", List.of(), UnderstoodQuery.Intent.FACT,
                UnderstoodQuery.AnswerType.PHONE, List.of(), false);

        assertThat(q.followUp()).isTrue();
        assertThat(new UnderstoodQuery("电话多少", List.of(), "电话多少", List.of(), UnderstoodQuery.Intent.FACT,
                UnderstoodQuery.AnswerType.PHONE, List.of(), false).followUp()).isFalse();
    }

    @Test
    void should_take_a_question_of_verbs_and_question_words_only_as_going_on_from_the_last_turn() {
        UnderstoodQuery q = UNDERSTANDING.understand("递上去以后要等几天？", EARLIER);

        assertThat(q.followUp()).isTrue();
        assertThat(contextTerms(q)).contains("退役军人");
    }

    @Test
    void should_take_a_reply_that_only_names_a_place_as_going_on_with_the_last_question_and_its_answer_type() {
        List<String> passages = List.of("甲州市困难补贴每人每月300元。", "乙州市困难补贴每人每月500元。", "甲州市和乙州市分别调整了补贴。");
        Vocabulary vocabulary = Vocabulary.of(List.of(), passages.stream()
                .map(t -> new Passage("p" + passages.indexOf(t), "a", "标题", Optional.empty(), "", "", t, 0, 1)).toList());
        QueryUnderstanding understanding = new QueryUnderstanding(Lexicon.bundled(), vocabulary, FOLLOW_UP);

        UnderstoodQuery q = understanding.understand("甲州", List.of("困难补贴每月给多少钱？"));

        assertThat(q.followUp()).isTrue();
        assertThat(contextTerms(q)).contains("困难");
        assertThat(q.answerType()).isEqualTo(UnderstoodQuery.AnswerType.AMOUNT);
    }
}
