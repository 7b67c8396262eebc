package org.policybot.bot;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of the production code, from the bottom: {@code config}; {@code retrieval};
 * the texts users read ({@code bot.messages}); the answer path ({@code bot.answer}, {@code bot.llm}, {@code bot.store}, {@code bot.privacy},
 * {@code bot.api}); the channels ({@code bot.channel}, {@code bot.web}, {@code bot.telegram},
 * {@code bot.wechat}, {@code bot.wecom}, {@code bot.digest}) and the offline tools
 * ({@code bot.eval}, {@code bot.train}); then the application ({@code bot.App}) and the
 * command line ({@code bot.cli}), which wire them. Dependencies only point down, and no two
 * packages depend on each other.
 */
class LayeringTest {

    private static final String[] CHANNELS = {"org.policybot.bot.channel..", "org.policybot.bot.web..",
            "org.policybot.bot.telegram..", "org.policybot.bot.wechat..", "org.policybot.bot.wecom..",
            "org.policybot.bot.digest.."};
    private static final String[] ANSWER_PATH = {"org.policybot.bot.answer..", "org.policybot.bot.llm..",
            "org.policybot.bot.store..", "org.policybot.bot.privacy..", "org.policybot.bot.api.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.policybot");
    }

    @Test
    void should_see_the_classes_of_every_module() {
        assertThat(classes.contain("org.policybot.config.Settings")).isTrue();
        assertThat(classes.contain("org.policybot.retrieval.search.HybridSearcher")).isTrue();
        assertThat(classes.contain("org.policybot.bot.App")).isTrue();
        assertThat(classes.contain("org.policybot.bot.cli.Main")).isTrue();
    }

    @Test
    void should_have_no_cycle_between_packages() {
        slices().matching("org.policybot.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void should_keep_configuration_and_retrieval_free_of_the_bot() {
        noClasses().that().resideInAPackage("org.policybot.config..")
                .should().dependOnClassesThat().resideInAnyPackage("org.policybot.retrieval..", "org.policybot.bot..")
                .check(classes);
        noClasses().that().resideInAPackage("org.policybot.retrieval..")
                .should().dependOnClassesThat().resideInAPackage("org.policybot.bot..")
                .check(classes);
    }

    @Test
    void should_keep_the_answer_path_free_of_channels_tools_and_wiring() {
        noClasses().that().resideInAnyPackage(ANSWER_PATH)
                .should().dependOnClassesThat().resideInAnyPackage(CHANNELS)
                .orShould().dependOnClassesThat().resideInAnyPackage("org.policybot.bot", "org.policybot.bot.cli..",
                        "org.policybot.bot.eval..", "org.policybot.bot.train..")
                .check(classes);
    }

    @Test
    void should_keep_channels_free_of_the_wiring_and_of_one_another_s_insides() {
        noClasses().that().resideInAnyPackage(CHANNELS)
                .should().dependOnClassesThat().resideInAnyPackage("org.policybot.bot", "org.policybot.bot.cli..",
                        "org.policybot.bot.eval..", "org.policybot.bot.train..")
                .check(classes);
        // Digests reach Telegram and WeCom through the DigestSender each channel implements.
        noClasses().that().resideInAPackage("org.policybot.bot.digest..")
                .should().dependOnClassesThat().resideInAnyPackage("org.policybot.bot.telegram..",
                        "org.policybot.bot.wecom..", "org.policybot.bot.wechat..", "org.policybot.bot.web..")
                .check(classes);
    }

    @Test
    void should_hand_channels_interfaces_not_the_answer_service_or_the_database_pool() {
        // Channels answer through AnswerService and keep state through Sql; which answer
        // service and which database they get is the application's choice.
        noClasses().that().resideInAnyPackage(CHANNELS)
                .should().dependOnClassesThat().haveFullyQualifiedName("org.policybot.bot.answer.DefaultAnswerService")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("org.policybot.bot.store.Database")
                .check(classes);
    }

    @Test
    void should_keep_the_texts_free_of_the_rest_of_the_bot() {
        // Channels and the wiring read texts from bot.messages; it reads only the settings.
        noClasses().that().resideInAPackage("org.policybot.bot.messages..")
                .should().dependOnClassesThat().resideInAnyPackage("org.policybot.bot", "org.policybot.bot.answer..",
                        "org.policybot.bot.channel..", "org.policybot.bot.telegram..", "org.policybot.bot.wechat..",
                        "org.policybot.bot.wecom..", "org.policybot.bot.web..", "org.policybot.bot.digest..",
                        "org.policybot.bot.cli..", "org.policybot.bot.store..", "org.policybot.bot.llm..")
                .check(classes);
    }

    @Test
    void should_keep_the_offline_tools_free_of_channels_and_wiring() {
        noClasses().that().resideInAnyPackage("org.policybot.bot.eval..", "org.policybot.bot.train..")
                .should().dependOnClassesThat().resideInAnyPackage(CHANNELS)
                .orShould().dependOnClassesThat().resideInAnyPackage("org.policybot.bot", "org.policybot.bot.cli..")
                .check(classes);
    }
}
