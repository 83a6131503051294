package dev.bioprompt.runners.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeFingerprintTest {

    @TempDir
    Path work;

    private static final Map<String, String> CODE = Map.of("a/Method.class", "method bytes",
            "a/resource.txt", "a resource");

    private Path jar(String name, Map<String, String> entries, long entryTime, Manifest manifest) throws IOException {
        Path jar = work.resolve(name);
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = manifest == null ? new JarOutputStream(Files.newOutputStream(jar))
                : new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                JarEntry entry = new JarEntry(e.getKey());
                entry.setTime(entryTime);
                out.putNextEntry(entry);
                out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        return jar;
    }

    private Path jar(String name, Map<String, String> entries) throws IOException {
        return jar(name, entries, 1_000_000_000_000L, null);
    }

    @Test
    void theSameEntriesGiveTheSameDigestWhereverAndWheneverTheJarWasBuilt() throws IOException {
        Path first = jar("build-1/method.jar", CODE, 1_000_000_000_000L, null);
        Path second = jar("elsewhere/build-2/renamed.jar", new LinkedHashMap<>(CODE), 1_700_000_000_000L, null);

        assertThat(CodeFingerprint.of(List.of(first))).isEqualTo(CodeFingerprint.of(List.of(second)))
                .hasSize(64).matches("[0-9a-f]+");
    }

    @Test
    void aChangedClassAddedResourceOrRenamedEntryChangesTheDigest() throws IOException {
        String base = CodeFingerprint.of(List.of(jar("base.jar", CODE)));
        Map<String, String> changed = new LinkedHashMap<>(CODE);
        changed.put("a/Method.class", "method bytez");
        Map<String, String> added = new LinkedHashMap<>(CODE);
        added.put("a/Other.class", "other");
        Map<String, String> renamed = Map.of("a/Method2.class", "method bytes", "a/resource.txt", "a resource");

        assertThat(List.of(CodeFingerprint.of(List.of(jar("changed.jar", changed))),
                CodeFingerprint.of(List.of(jar("added.jar", added))),
                CodeFingerprint.of(List.of(jar("renamed.jar", renamed))))).doesNotContain(base).doesNotHaveDuplicates();
    }

    @Test
    void aJarRewrittenInPlaceIsReadAgain() throws IOException {
        Path jar = jar("plugin.jar", CODE);
        String before = CodeFingerprint.of(List.of(jar));
        Map<String, String> changed = new LinkedHashMap<>(CODE);
        changed.put("a/Method.class", "method bytez"); // same size
        jar("plugin.jar", changed);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 5_000));

        assertThat(CodeFingerprint.of(List.of(jar))).isNotEqualTo(before);
    }

    @Test
    void aClassFolderCountsByItsFilesAndTheirBytes() throws IOException {
        Path one = work.resolve("one/classes");
        Path two = work.resolve("two/classes");
        for (Path folder : List.of(one, two)) {
            Files.createDirectories(folder.resolve("a"));
            Files.writeString(folder.resolve("a/Method.class"), "method bytes");
        }
        assertThat(CodeFingerprint.of(List.of(one))).isEqualTo(CodeFingerprint.of(List.of(two)));

        Files.writeString(two.resolve("a/Method.class"), "method bytez");
        assertThat(CodeFingerprint.of(List.of(one))).isNotEqualTo(CodeFingerprint.of(List.of(two)));
    }

    @Test
    void theOrderOfTheLocationsAndAMissingOneCount() throws IOException {
        Path a = jar("a.jar", CODE);
        Path b = jar("b.jar", Map.of("b/Other.class", "other"));

        assertThat(CodeFingerprint.of(List.of(a, b))).isNotEqualTo(CodeFingerprint.of(List.of(b, a)));
        assertThat(CodeFingerprint.of(List.of(a, work.resolve("missing.jar"))))
                .isNotEqualTo(CodeFingerprint.of(List.of(a)));
    }

    @Test
    void theManifestClassPathOfAJarIsFollowedRelativeToTheJarAndAsFileUrls() throws IOException {
        Path lib = jar("app/lib/library.jar", CODE);
        Path absolute = jar("elsewhere/absolute.jar", Map.of("x/X.class", "x"));
        Files.createDirectories(work.resolve("app/classes"));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH,
                "lib/library.jar classes/ " + absolute.toUri() + " lib/missing.jar");
        Path app = jar("app/app.jar", Map.of("Main.class", "main"), 0L, manifest);

        assertThat(CodeFingerprint.withManifestClassPaths(List.of(app))).containsExactly(app, lib,
                work.resolve("app/classes"), absolute, work.resolve("app/lib/missing.jar"));
    }

    @Test
    void theRunningClassPathIncludesThisTestsOwnCode() throws Exception {
        Path here = Path.of(CodeFingerprintTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());

        assertThat(CodeFingerprint.classPath()).contains(here.toAbsolutePath().normalize());
    }
}
