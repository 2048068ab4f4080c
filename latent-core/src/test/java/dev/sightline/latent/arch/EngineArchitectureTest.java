package dev.sightline.latent.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;

/** The engine ring knows nothing of Spring, Kafka or Redis, and its feature packages form no cycle. */
@AnalyzeClasses(packages = "dev.sightline.latent", importOptions = ImportOption.DoNotIncludeTests.class)
class EngineArchitectureTest {
    @ArchTest
    static final ArchRule noSpringKafkaOrRedis = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.springframework..",
                    "org.apache.kafka..",
                    "redis..",
                    "io.lettuce..",
                    "dev.sightline.contracts..");

    @ArchTest
    static final ArchRule featurePackagesAreAcyclic = SlicesRuleDefinition.slices()
            .matching("dev.sightline.latent.(*)..")
            .should()
            .beFreeOfCycles();
}
