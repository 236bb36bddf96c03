package org.initscope.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering that src/docs/architecture.md describes, held by ArchUnit over the compiled main classes: the model
 * imports no JavaFX and no ND4J, the engine no JavaFX, views show engine results and reach computations only
 * through controllers, and no two packages depend on each other.
 */
class LayeringTest {
    private static JavaClasses main;

    @BeforeAll
    static void load() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.initscope");
    }

    @Test
    void modelImportsNoJavaFxAndNoNd4j() {
        noClasses().that().resideInAPackage("org.initscope.model..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.nd4j..", "org.bytedeco..")
                .check(main);
    }

    @Test
    void engineImportsNoJavaFx() {
        noClasses().that().resideInAPackage("org.initscope.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.initscope.view..",
                        "org.initscope.controller..", "org.initscope.app..")
                .check(main);
    }

    /**
     * Engine classes that are results or catalogues although they are neither records nor enums: a view may make an
     * empty histogram and list the built-in reproductions (Help ▸ Reproduce).
     */
    private static final Set<String> RESULT_CLASSES = Set.of("org.initscope.engine.Histogram",
            "org.initscope.engine.sweep.Reproductions");

    /**
     * A computation of the engine is a static method (MeanField.layers, Diagnosis.of, Parameters.tensors, …) or the
     * constructor of an engine class that is not a result; a view calls neither: it asks a controller (a session,
     * TheoryService, ExportService) and shows what comes back. Results (records and their accessors, enums such as
     * Quantity, the classes above) are what views show. The app package is the composition root: it starts the
     * engine's runtime and makes the sessions, and is not a view.
     */
    @Test
    void viewsComputeNothingThemselves() {
        DescribedPredicate<JavaAccess<?>> computation = new DescribedPredicate<>("a computation of the engine") {
            @Override
            public boolean test(JavaAccess<?> access) {
                var target = access.getTarget();
                var owner = target.getOwner();
                if (!owner.getPackageName().startsWith("org.initscope.engine")) {
                    return false;
                }
                if (owner.isEnum() || owner.isRecord() || RESULT_CLASSES.contains(owner.getName())) {
                    // the values of an enum such as Quantity and the fields of a result are what a view shows
                    return false;
                }
                return target.getName().equals("<init>")
                        || target.resolveMember().map(m -> m.getModifiers().contains(JavaModifier.STATIC))
                                .orElse(false);
            }
        };
        noClasses().that().resideInAPackage("org.initscope.view..")
                .should().callCodeUnitWhere(computation.forSubtype())
                .check(main);
    }

    @Test
    void noPackageCycles() {
        slices().matching("org.initscope.(*)..").should().beFreeOfCycles().check(main);
    }
}
