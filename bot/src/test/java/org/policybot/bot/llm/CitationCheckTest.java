package org.policybot.bot.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.policybot.bot.answer.Citation;
import org.policybot.bot.answer.SourceTexts;
import org.policybot.retrieval.ingest.Passage;

/** How a model's answer is checked against the passages it saw, on small hand-made passages. */
class CitationCheckTest {

    static final String FILE = "a.txt";
    static final Passage HOTLINE = passage("p1", "焦作市劳动保障监察支队公布了维权电话。维 权 电 话：（0391）5412333。工作日受理投诉。");
    static final Passage FIGURES = passage("p2", "2020年，中国STEM专业的毕业生人数达到360万。这一数字远超其他国家。");
    static final Passage PARTLY = passage("p3", "市人社局发布了指引。");
    static final SourceTexts SOURCES = SourceTexts.of(Map.of(FILE,
            "焦作市劳动保障监察支队公布了维权电话。\n维 权 电 话：（0391）5412333。工作日受理投诉。\n"
                    + "2020年，中国STEM专业的毕业生人数达到360万。这一数字远超其他国家。"));

    static Passage passage(String id, String text) {
        return new Passage(id, "art", "标题", Optional.empty(), FILE, "", text, 0, 1);
    }

    static CitationCheck.Checked check(String answer, String question) {
        return CitationCheck.check(answer, List.of(HOTLINE, FIGURES, PARTLY), question, SOURCES).orElseThrow();
    }

    @Test
    void should_read_markers_in_the_forms_models_write_them() {
        assertThat(Markers.numbers("甲[1]乙［2］丙【3】")).containsExactly(1, 2, 3);
        assertThat(Markers.numbers("甲[1, 3]乙[2，1]")).containsExactly(1, 3, 2);
        assertThat(Markers.numbers("甲[1-3]")).containsExactly(1, 2, 3);
        assertThat(Markers.numbers("2024年[2024]")).isEmpty();
    }

    @Test
    void should_keep_a_marker_written_after_the_full_stop_with_its_sentence() {
        List<String> sentences = Markers.sentences("电话是5412333。[1] 还有别的。[2]\n第二行");

        assertThat(sentences).containsExactly("电话是5412333。[1]", " 还有别的。[2]", "\n", "第二行");
    }

    @Test
    void should_renumber_in_order_of_first_use_and_collapse_repeats() {
        CitationCheck.Checked c = check("人数达到360万[2][2]。电话是（0391）5412333[1, 2]。", "");

        assertThat(c.text()).isEqualTo("人数达到360万[1]。电话是（0391）5412333[2][1]。");
        assertThat(c.citations()).extracting(Citation::passageId).containsExactly("p2", "p1");
    }

    @Test
    void should_drop_a_marker_to_a_passage_with_nothing_to_quote() {
        CitationCheck.Checked c = check("人社局发布了指引[3]。电话是（0391）5412333[1]。", "");

        assertThat(c.text()).isEqualTo("人社局发布了指引。电话是（0391）5412333[1]。");
        assertThat(c.removedMarkers()).isEqualTo(1);
        assertThat(c.supportedShare()).isEqualTo(0.5);
    }

    @Test
    void should_give_nothing_when_no_marker_is_valid() {
        assertThat(CitationCheck.check("电话是5412333[4]。", List.of(HOTLINE, FIGURES, PARTLY), "", SOURCES)).isEmpty();
    }

    @Test
    void should_accept_figures_written_differently_and_figures_from_the_question() {
        CitationCheck.Checked c = check("维权电话是0391-5412333[1]。您13年的情况另算[1]。", "我13年的情况");

        assertThat(c.flaggedFigures()).isEmpty();
        assertThat(c.text()).doesNotContain("未见于");
    }

    @Test
    void should_flag_a_figure_only_an_uncited_passage_states() {
        CitationCheck.Checked c = check("维权电话是5412333，毕业生有360万[1]。", "");

        assertThat(c.flaggedFigures()).containsExactly("360");
        assertThat(c.text()).isEqualTo("维权电话是5412333，毕业生有360万[1]。（数字360未见于所引原文，请核实）");
    }

    @Test
    void should_not_take_a_list_number_or_a_masked_phone_for_a_figure() {
        CitationCheck.Checked c = check("1. 您的手机138****5678已登记，维权电话是5412333[1]。", "手机138****5678");

        assertThat(c.flaggedFigures()).isEmpty();
    }

    @Test
    void should_quote_the_passage_sentence_closest_to_the_model_sentence_verbatim() {
        CitationCheck.Checked c = check("如需维权可以拨打（0391）5412333[1]。", "");

        assertThat(c.citations().get(0).quote()).isEqualTo("维 权 电 话：（0391）5412333。");
        assertThat(SOURCES.verbatim(FILE, c.citations().get(0).quote())).isTrue();
    }

    @Test
    void should_quote_neighbouring_sentences_together_when_two_model_sentences_use_them() {
        CitationCheck.Checked c = check("2020年STEM毕业生人数达到360万[2]。这个数字远超其他国家[2]。", "");

        assertThat(c.citations().get(0).quote()).isEqualTo("2020年，中国STEM专业的毕业生人数达到360万。这一数字远超其他国家。");
        assertThat(SOURCES.verbatim(FILE, c.citations().get(0).quote())).isTrue();
    }
}
