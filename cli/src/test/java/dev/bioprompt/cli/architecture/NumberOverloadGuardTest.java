package dev.bioprompt.cli.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No project class may call DJL's {@code NDArray} arithmetic overloads that take a {@link Number}: on the PyTorch
 * engine they let autograd read freed memory in the backward pass (see {@code dev.bioprompt.api.nd.ScalarOps}, which
 * replaces them). The check reads the constant pool of every {@code dev.bioprompt} class on the test class path, which
 * holds every module and built-in plugin, and of the compiled tests of every module of the build.
 */
class NumberOverloadGuardTest {

    private static final Set<String> ARITHMETIC = Set.of("add", "addi", "sub", "subi", "mul", "muli", "div", "divi",
            "pow", "powi", "maximum", "minimum", "rsub", "rsubi", "rdiv", "rdivi", "rpow", "mod", "modi");
    private static final Set<String> ARRAY_TYPES = Set.of("ai/djl/ndarray/NDArray", "ai/djl/pytorch/engine/PtNDArray");

    @Test
    void noProjectClassCallsTheNumberOverloads() throws IOException {
        List<String> offenders = new ArrayList<>();
        int scanned = 0;
        TreeSet<String> modules = new TreeSet<>();
        List<Path> roots = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            roots.add(Path.of(entry));
        }
        roots.addAll(siblingTestClasses());
        for (Path path : roots) {
            String entry = path.toString();
            for (ClassBytes c : projectClasses(path)) {
                if (c.name().contains("NumberOverloadGuardTest$Fixture")) {
                    continue;
                }
                scanned++;
                modules.add(entry);
                offenders.addAll(numberOverloadCalls(c));
            }
        }
        assertTrue(scanned > 200, "expected the classes of every module on the class path, found " + scanned
                + " in " + modules);
        assertEquals(List.of(), offenders, "use dev.bioprompt.api.nd.ScalarOps instead");
    }

    @Test
    void theScannerFindsANumberOverloadCall() throws IOException {
        try (InputStream in = Fixture.class.getResourceAsStream("NumberOverloadGuardTest$Fixture.class")) {
            List<String> found = numberOverloadCalls(new ClassBytes("Fixture", in.readAllBytes()));
            assertEquals(List.of("Fixture calls NDArray.mul(Number)"), found);
        }
    }

    /** A class that makes the forbidden call, to prove the scanner sees it. */
    static final class Fixture {
        static Object scale(NDArray x) {
            return x.mul(2f);
        }
    }

    private record ClassBytes(String name, byte[] bytes) {
    }

    /** The compiled tests of the other modules of the build (this test runs in the last module, the command line). */
    private static List<Path> siblingTestClasses() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        if (root == null || !Files.isRegularFile(root.resolve("pom.xml"))) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.find(root, 4, (p, a) -> a.isDirectory()
                && p.getFileName().toString().equals("test-classes")
                && p.getParent().getFileName().toString().equals("target"))) {
            return dirs.filter(p -> !p.startsWith(Path.of("").toAbsolutePath())).sorted().toList();
        }
    }


    private static List<ClassBytes> projectClasses(Path root) throws IOException {
        List<ClassBytes> classes = new ArrayList<>();
        if (Files.isDirectory(root)) {
            Path base = root.resolve("dev/bioprompt");
            if (!Files.isDirectory(base)) {
                return classes;
            }
            try (Stream<Path> files = Files.walk(base)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                    classes.add(new ClassBytes(root.relativize(f).toString(), Files.readAllBytes(f)));
                }
            }
        } else if (root.toString().endsWith(".jar") && Files.isRegularFile(root)) {
            try (JarFile jar = new JarFile(root.toFile())) {
                for (JarEntry e : jar.stream().toList()) {
                    if (e.getName().startsWith("dev/bioprompt/") && e.getName().endsWith(".class")) {
                        try (InputStream in = jar.getInputStream(e)) {
                            classes.add(new ClassBytes(e.getName(), in.readAllBytes()));
                        }
                    }
                }
            }
        }
        return classes;
    }

    /** The forbidden method references in a class file's constant pool. */
    private static List<String> numberOverloadCalls(ClassBytes c) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(c.bytes()));
        in.readInt();
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[][] refs = new int[count][];
        int[] tags = new int[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            tags[i] = tag;
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                case 7, 8, 16, 19, 20 -> refs[i] = new int[] {in.readUnsignedShort()};
                case 9, 10, 11, 12, 17, 18 -> refs[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                case 15 -> {
                    in.readUnsignedByte();
                    refs[i] = new int[] {in.readUnsignedShort()};
                }
                default -> throw new IOException(c.name() + ": unknown constant pool tag " + tag);
            }
        }
        List<String> found = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            if (tags[i] != 10 && tags[i] != 11) {
                continue;
            }
            String owner = utf8[refs[refs[i][0]][0]];
            int[] nameAndType = refs[refs[i][1]];
            String method = utf8[nameAndType[0]];
            String descriptor = utf8[nameAndType[1]];
            if (ARRAY_TYPES.contains(owner) && ARITHMETIC.contains(method)
                    && descriptor.startsWith("(Ljava/lang/Number;)")) {
                String simple = c.name().substring(c.name().lastIndexOf('/') + 1).replace(".class", "");
                found.add(simple + " calls NDArray." + method + "(Number)");
            }
        }
        return found;
    }
}
