package dev.bioprompt.cli.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.bioprompt.cli.architecture.ProjectClassFiles.ClassFile;
import dev.bioprompt.cli.architecture.ProjectClassFiles.MethodRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * No project class outside {@code dev.bioprompt.api.nd.OwnedArrays} may call an {@code NDManager.create} overload
 * that takes Java data (an array, a buffer, a number): on the PyTorch engine the tensor borrows a Java buffer that the
 * collector frees once the one {@code NDArray} object is closed, while autograd or a view may still read it.
 * {@code create(Shape...)} allocates engine memory and stays allowed. Compiled tests are not checked: they close their
 * managers after the backward pass.
 */
class BorrowedMemoryGuardTest {

    private static final Set<String> MANAGER_TYPES = Set.of("ai/djl/ndarray/NDManager",
            "ai/djl/ndarray/BaseNDManager", "ai/djl/pytorch/engine/PtNDManager");
    private static final String ALLOWED = "dev/bioprompt/api/nd/OwnedArrays.class";

    @Test
    void noProjectClassCreatesAnArrayOnJavaMemory() throws IOException {
        ProjectClassFiles.assertNoneOffend(c -> !c.test() && !c.name().equals(ALLOWED),
                BorrowedMemoryGuardTest::borrowingCreates, "use dev.bioprompt.api.nd.OwnedArrays instead");
    }

    @Test
    void theScannerFindsACreateFromJavaDataAndAllowsAShapeOnlyCreate() throws IOException {
        assertEquals(List.of("BorrowedMemoryGuardTest$Fixture calls NDManager.create([F)"),
                borrowingCreates(ProjectClassFiles.of(Fixture.class)));
    }

    /** A class that makes one forbidden call and one allowed call, to prove the scanner tells them apart. */
    static final class Fixture {
        static NDArray borrowed(NDManager manager) {
            return manager.create(new float[] {1f});
        }

        static NDArray allocated(NDManager manager) {
            return manager.create(new Shape(1));
        }
    }

    private static List<String> borrowingCreates(ClassFile c) throws IOException {
        List<String> found = new ArrayList<>();
        for (MethodRef ref : ProjectClassFiles.methodRefs(c)) {
            if (MANAGER_TYPES.contains(ref.owner()) && ref.name().equals("create")
                    && !ref.descriptor().startsWith("(Lai/djl/ndarray/types/Shape;")) {
                String parameters = ref.descriptor().substring(1, ref.descriptor().indexOf(')'));
                found.add(c.simpleName() + " calls NDManager.create(" + parameters + ")");
            }
        }
        return found;
    }
}
