package beginibridge;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The layering of the packages, written down so that a wrong-way import fails the build rather than a review. Each
 * layer may use only layers below it in this list (the rule names which), never one above:
 * <ol>
 * <li>the application: start-up and wiring (the root package, {@code config}) and the command line ({@code cli});</li>
 * <li>the edges: the webhook port ({@code http}), the admin API ({@code admin}), the management port;</li>
 * <li>the intake and the dispatcher, side by side: neither knows the other; the intake hands an event over through
 * the routes, as a {@code ReceivedEvent};</li>
 * <li>the destinations' own code ({@code destination.*}) and the enrichment that feeds them;</li>
 * <li>the metrics;</li>
 * <li>what the intake, the dispatcher and the destinations share: the event ({@code event}) and what every
 * delivery has in common ({@code delivery}: the destinations, the failure no retry cures...);</li>
 * <li>the database ({@code db});</li>
 * <li>the foundation, which uses nothing of the bridge: settings, JSON, causes of failures.</li>
 * </ol>
 */
class ArchitectureTest {

    static final JavaClasses BRIDGE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("beginibridge");

    @Test
    void should_import_only_downwards() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Application").definedBy("beginibridge", "beginibridge.config..", "beginibridge.cli..")
                .layer("Edges").definedBy("beginibridge.http..", "beginibridge.admin..", "beginibridge.management..")
                .layer("Intake").definedBy("beginibridge.intake..")
                .layer("Dispatch").definedBy("beginibridge.dispatch..")
                .layer("Destinations").definedBy("beginibridge.destination..", "beginibridge.enrichment..")
                .layer("Metrics").definedBy("beginibridge.metrics..")
                .layer("Event and delivery").definedBy("beginibridge.event..", "beginibridge.delivery..")
                .layer("Database").definedBy("beginibridge.db..")
                .layer("Foundation").definedBy("beginibridge.settings..", "beginibridge.json..",
                        "beginibridge.failure..", "beginibridge.logging..")
                .whereLayer("Application").mayNotBeAccessedByAnyLayer()
                .whereLayer("Edges").mayOnlyAccessLayers("Intake", "Dispatch", "Destinations", "Metrics",
                        "Event and delivery", "Database", "Foundation")
                .whereLayer("Intake").mayOnlyAccessLayers("Metrics", "Event and delivery", "Database", "Foundation")
                .whereLayer("Dispatch").mayOnlyAccessLayers("Metrics", "Event and delivery", "Database", "Foundation")
                .whereLayer("Destinations").mayOnlyAccessLayers("Metrics", "Event and delivery", "Database",
                        "Foundation")
                .whereLayer("Metrics").mayOnlyAccessLayers("Event and delivery", "Foundation")
                .whereLayer("Event and delivery").mayOnlyAccessLayers("Foundation")
                .whereLayer("Database").mayOnlyAccessLayers("Foundation")
                .whereLayer("Foundation").mayNotAccessAnyLayer()
                .ensureAllClassesAreContainedInArchitecture()
                .check(BRIDGE);
    }

    @Test
    void should_have_no_cycles_between_packages() {
        slices().matching("beginibridge.(**)").should().beFreeOfCycles().check(BRIDGE);
    }
}
