package dev.sightline.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;

/**
 * The rings: services never depend on each other (they talk through Kafka, Redis and HTTP only); the shared
 * rings (contracts, engine, service kit) depend on no service; the contracts know no framework at all.
 */
@AnalyzeClasses(packages = "dev.sightline", importOptions = ImportOption.DoNotIncludeTests.class)
class ServiceBoundariesTest {
    private static final String[] SERVICES = {
        "dev.sightline.gateway..",
        "dev.sightline.encoder..",
        "dev.sightline.reasoner..",
        "dev.sightline.decoder..",
        "dev.sightline.tracestore.."
    };

    @ArchTest
    static final ArchRule servicesNeverDependOnEachOther = SlicesRuleDefinition.slices()
            .matching("dev.sightline.(gateway|encoder|reasoner|decoder|tracestore)..")
            .should()
            .notDependOnEachOther();

    @ArchTest
    static final ArchRule sharedRingsDependOnNoService = noClasses()
            .that()
            .resideInAnyPackage("dev.sightline.contracts..", "dev.sightline.latent..", "dev.sightline.kit..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(SERVICES);

    @ArchTest
    static final ArchRule contractsKnowNoFramework = noClasses()
            .that()
            .resideInAPackage("dev.sightline.contracts..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.springframework..", "org.apache.kafka..", "io.lettuce..", "tools.jackson..", "ai.djl..");

    @ArchTest
    static final ArchRule theServiceKitKnowsNoEngine = noClasses()
            .that()
            .resideInAPackage("dev.sightline.kit..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.sightline.latent..");
}
