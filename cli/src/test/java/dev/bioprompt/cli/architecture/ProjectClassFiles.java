package dev.bioprompt.cli.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The compiled {@code dev.bioprompt} classes of the build, for tests that check what the project's code calls: every
 * module and built-in plugin on the test class path, and the compiled tests of every module of the build (this runs in
 * the command line's module, the last of the build).
 */
final class ProjectClassFiles {

    private ProjectClassFiles() {
    }

    /**
     * One class file.
     *
     * @param name its path inside its class folder or jar
     * @param test whether it is a compiled test (from a {@code test-classes} folder or a {@code -tests.jar})
     * @param bytes its contents
     */
    record ClassFile(String name, boolean test, byte[] bytes) {

        /** The simple name, without package and {@code .class}. */
        String simpleName() {
            return name.substring(name.lastIndexOf('/') + 1).replace(".class", "");
        }
    }

    /**
     * A method that a class calls, as its constant pool names it.
     *
     * @param owner the internal name of the class or interface, for example {@code ai/djl/ndarray/NDArray}
     * @param name the method name
     * @param descriptor the JVM descriptor, for example {@code (Ljava/lang/Number;)Lai/djl/ndarray/NDArray;}
     */
    record MethodRef(String owner, String name, String descriptor) {
    }

    /** Every project class of the class path and of the other modules' compiled tests. */
    static List<ClassFile> all() throws IOException {
        List<Path> roots = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            roots.add(Path.of(entry));
        }
        roots.addAll(siblingTestClasses());
        List<ClassFile> classes = new ArrayList<>();
        for (Path root : roots) {
            classes.addAll(classesIn(root));
        }
        return classes;
    }

    /** What a class file is checked for: a description of each offending call it makes. */
    interface Check {
        List<String> offenders(ClassFile c) throws IOException;
    }

    /**
     * Runs {@code check} over the project classes that {@code scanned} selects and fails when any offends or when
     * fewer than 200 classes were scanned (the class path would then miss modules).
     *
     * @param advice how to mend an offending call, shown with the offenders
     */
    static void assertNoneOffend(Predicate<ClassFile> scanned, Check check, String advice) throws IOException {
        List<String> offenders = new ArrayList<>();
        int count = 0;
        for (ClassFile c : all()) {
            if (scanned.test(c)) {
                count++;
                offenders.addAll(check.offenders(c));
            }
        }
        assertTrue(count > 200, "expected the classes of every module on the class path, found " + count);
        assertEquals(List.of(), offenders, advice);
    }

    /** A class file read from this test's own class path, by its class. */
    static ClassFile of(Class<?> type) throws IOException {
        String file = type.getName().substring(type.getName().lastIndexOf('.') + 1) + ".class";
        try (InputStream in = type.getResourceAsStream(file)) {
            return new ClassFile(file, true, in.readAllBytes());
        }
    }

    /** The compiled tests of the other modules of the build. */
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

    private static List<ClassFile> classesIn(Path root) throws IOException {
        List<ClassFile> classes = new ArrayList<>();
        String name = root.getFileName() == null ? "" : root.getFileName().toString();
        boolean test = name.equals("test-classes") || name.endsWith("-tests.jar");
        if (Files.isDirectory(root)) {
            Path base = root.resolve("dev/bioprompt");
            if (!Files.isDirectory(base)) {
                return classes;
            }
            try (Stream<Path> files = Files.walk(base)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                    classes.add(new ClassFile(root.relativize(f).toString(), test, Files.readAllBytes(f)));
                }
            }
        } else if (root.toString().endsWith(".jar") && Files.isRegularFile(root)) {
            try (JarFile jar = new JarFile(root.toFile())) {
                for (JarEntry e : jar.stream().toList()) {
                    if (e.getName().startsWith("dev/bioprompt/") && e.getName().endsWith(".class")) {
                        try (InputStream in = jar.getInputStream(e)) {
                            classes.add(new ClassFile(e.getName(), test, in.readAllBytes()));
                        }
                    }
                }
            }
        }
        return classes;
    }

    /** The methods and interface methods a class file's constant pool refers to. */
    static List<MethodRef> methodRefs(ClassFile c) throws IOException {
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
        List<MethodRef> found = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            if (tags[i] == 10 || tags[i] == 11) {
                int[] nameAndType = refs[refs[i][1]];
                found.add(new MethodRef(utf8[refs[refs[i][0]][0]], utf8[nameAndType[0]], utf8[nameAndType[1]]));
            }
        }
        return found;
    }
}
