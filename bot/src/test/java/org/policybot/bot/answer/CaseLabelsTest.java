package org.policybot.bot.answer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.policybot.retrieval.ingest.Passage;

/** A rule quoted from a case's line is shown after the sentence that opens the line with its case. */
class CaseLabelsTest {

    private static final Passage PASSAGE = new Passage("p1", "a1", "戊城市公交卡退卡须知", Optional.empty(), "", "",
            "记名卡：退卡须由持卡人本人办理。退卡当天不能再充值。持卡人携带身份证到客服中心办理。\n一是押金当场退还。其余款项次月退回。", 0, 1);

    /** A sentence of the passage at line {@code line} (from 1), position {@code at} (from 1). */
    private static Candidate sentence(String text, int line, int at) {
        return new Candidate(text, text, PASSAGE, 1, line * 1000 + at, 0, null, null, DateRangeReasoner.Relation.NONE,
                new double[0], 0.5);
    }

    private static final Candidate LABEL = sentence("记名卡：退卡须由持卡人本人办理。", 1, 1);
    private static final Candidate MIDDLE = sentence("退卡当天不能再充值。", 1, 2);
    private static final Candidate RULE = sentence("持卡人携带身份证到客服中心办理。", 1, 3);
    private static final Candidate ITEM = sentence("一是押金当场退还。", 2, 1);
    private static final Candidate ITEM_REST = sentence("其余款项次月退回。", 2, 2);
    private static final List<Candidate> ALL = List.of(LABEL, MIDDLE, RULE, ITEM, ITEM_REST);

    @Test
    void should_put_the_case_before_a_rule_from_further_down_its_line() {
        List<Candidate> chosen = new ArrayList<>(List.of(RULE, MIDDLE));

        ExtractiveComposer.addCaseLabels(chosen, ALL);

        assertThat(chosen).containsExactly(LABEL, RULE, MIDDLE);
    }

    @Test
    void should_leave_answers_alone_whose_line_opens_with_no_case_or_that_show_it_already() {
        List<Candidate> listItem = new ArrayList<>(List.of(ITEM_REST));
        List<Candidate> shown = new ArrayList<>(List.of(LABEL, RULE));

        ExtractiveComposer.addCaseLabels(listItem, ALL);
        ExtractiveComposer.addCaseLabels(shown, ALL);

        assertThat(listItem).containsExactly(ITEM_REST);
        assertThat(shown).containsExactly(LABEL, RULE);
    }
}
