package dev.bioprompt.cli.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import dev.bioprompt.cli.architecture.ProjectClassFiles.ClassFile;
import dev.bioprompt.cli.architecture.ProjectClassFiles.MethodRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * No project class may call DJL's {@code NDArray} arithmetic overloads that take a {@link Number}, nor
 * {@code clip(Number, Number)} or {@code cbrt()} (it raises to a scalar {@code 1/3} DJL makes the same way): on the
 * PyTorch engine they let autograd read freed memory in the backward pass (see {@code dev.bioprompt.api.nd.ScalarOps},
 * which replaces them; {@code ScalarOps.pow(x, 1.0 / 3)} for a cube root). The check reads the constant pool of every
 * project class and compiled test ({@link ProjectClassFiles}).
 */
class NumberOverloadGuardTest {

    private static final Set<String> ARITHMETIC = Set.of("add", "addi", "sub", "subi", "mul", "muli", "div", "divi",
            "pow", "powi", "maximum", "minimum", "rsub", "rsubi", "rdiv", "rdivi", "rpow", "mod", "modi", "clip");
    private static final Set<String> ARRAY_TYPES = Set.of("ai/djl/ndarray/NDArray", "ai/djl/pytorch/engine/PtNDArray");

    @Test
    void noProjectClassCallsTheNumberOverloads() throws IOException {
        ProjectClassFiles.assertNoneOffend(c -> !c.name().contains("NumberOverloadGuardTest$Fixture"),
                NumberOverloadGuardTest::numberOverloadCalls, "use dev.bioprompt.api.nd.ScalarOps instead");
    }

    @Test
    void theScannerFindsANumberOverloadCall() throws IOException {
        assertEquals(List.of("NumberOverloadGuardTest$Fixture calls NDArray.cbrt()",
                "NumberOverloadGuardTest$Fixture calls NDArray.mul(Number)"),
                numberOverloadCalls(ProjectClassFiles.of(Fixture.class)).stream().sorted().toList());
    }

    /** A class that makes the forbidden calls, to prove the scanner sees them. */
    static final class Fixture {
        static Object scale(NDArray x) {
            return x.mul(2f);
        }

        static Object cubeRoot(NDArray x) {
            return x.cbrt();
        }
    }

    private static List<String> numberOverloadCalls(ClassFile c) throws IOException {
        List<String> found = new ArrayList<>();
        for (MethodRef ref : ProjectClassFiles.methodRefs(c)) {
            if (ARRAY_TYPES.contains(ref.owner()) && ARITHMETIC.contains(ref.name())
                    && ref.descriptor().startsWith("(Ljava/lang/Number;")) {
                found.add(c.simpleName() + " calls NDArray." + ref.name() + "(Number)");
            }
            if (ARRAY_TYPES.contains(ref.owner()) && ref.name().equals("cbrt") && ref.descriptor().startsWith("()")) {
                found.add(c.simpleName() + " calls NDArray.cbrt()");
            }
        }
        return found;
    }
}
