package dev.sightline.contracts;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The contracts ring: plain records and names, no framework and no behaviour-bearing dependency. */
@AnalyzeClasses(packages = "dev.sightline.contracts", importOptions = ImportOption.DoNotIncludeTests.class)
class ContractsArchitectureTest {
    @ArchTest
    static final ArchRule noSpringKafkaOrRedis = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.springframework..",
                    "org.apache.kafka..",
                    "redis..",
                    "io.lettuce..",
                    "ai.djl..",
                    "dev.sightline.latent..");
}
