package dev.sightline.spatial.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;

/**
 * SpatialScenes is plain Java (no Spring, no DJL, no other Sightline module), and its feature packages are
 * layered: scene, then render, then question and teacher, then dataset.
 */
@AnalyzeClasses(packages = "dev.sightline.spatial", importOptions = ImportOption.DoNotIncludeTests.class)
class SpatialArchitectureTest {
    @ArchTest
    static final ArchRule noFrameworks = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.springframework..", "ai.djl..", "dev.sightline.latent..", "dev.sightline.contracts..");

    @ArchTest
    static final ArchRule featurePackagesAreAcyclic = SlicesRuleDefinition.slices()
            .matching("dev.sightline.spatial.(*)..")
            .should()
            .beFreeOfCycles();

    @ArchTest
    static final ArchRule scenesKnowNothingOfRendering = noClasses()
            .that()
            .resideInAPackage("..spatial.scene..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "..spatial.render..", "..spatial.question..", "..spatial.teacher..", "..spatial.dataset..");

    @ArchTest
    static final ArchRule onlyTheDatasetAssemblesSamples = noClasses()
            .that()
            .resideInAnyPackage("..spatial.render..", "..spatial.question..", "..spatial.teacher..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("..spatial.dataset..");
}
