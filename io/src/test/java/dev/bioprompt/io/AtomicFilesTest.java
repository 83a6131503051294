package dev.bioprompt.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bioprompt.io.AtomicFiles.IfExists;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void createsTheFolderReplacesTheFileAndLeavesNoTemporaryFile() throws Exception {
        Path target = dir.resolve("reports/gate.md");
        AtomicFiles.writeString(target, "first");
        AtomicFiles.writeString(target, "second é");
        assertThat(Files.readString(target)).isEqualTo("second é");
        assertThat(names(target.getParent())).containsExactly("gate.md");
    }

    @Test
    void aStreamWriterThatClosesItsStreamStillWritesTheWholeContent() throws Exception {
        Path target = dir.resolve("big.bin");
        byte[] content = new byte[1 << 20];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31);
        }
        AtomicFiles.writeStream(target, out -> {
            try (OutputStream o = out) {
                o.write(content, 0, 1000);
                o.write(content[1000]);
                o.write(content, 1001, content.length - 1001);
            }
        });
        assertThat(Files.readAllBytes(target)).isEqualTo(content);
        assertThat(names(dir)).containsExactly("big.bin");
    }

    @Test
    void aFailingWriterLeavesTheOldContentAndNoTemporary() throws Exception {
        Path target = dir.resolve("state.json");
        AtomicFiles.writeString(target, "old");

        assertThatThrownBy(() -> AtomicFiles.writeStream(target, out -> {
            out.write("half of the new".getBytes(StandardCharsets.UTF_8));
            throw new IOException("No space left on device");
        })).isInstanceOf(IOException.class).hasMessage("cannot write " + target + ": No space left on device");
        assertThatThrownBy(() -> AtomicFiles.writeFile(target, tmp -> {
            Files.writeString(tmp, "half");
            throw new IllegalStateException("the encoder broke");
        })).isInstanceOf(IllegalStateException.class).hasMessage("the encoder broke");

        assertThat(Files.readString(target)).isEqualTo("old");
        assertThat(names(dir)).containsExactly("state.json");
    }

    @Test
    void aFailingWriterLeavesNoTargetWhenThereWasNone() {
        Path target = dir.resolve("plot.png");
        assertThatThrownBy(() -> AtomicFiles.writeFile(target, tmp -> {
            throw new IOException("no PNG writer available");
        })).hasMessage("cannot write " + target + ": no PNG writer available");
        assertThat(target).doesNotExist();
        assertThat(names(dir)).isEmpty();
    }

    @Test
    void aFailedMoveLeavesNoTemporary() throws Exception {
        Path target = dir.resolve("taken");
        Files.createDirectories(target.resolve("child")); // a non-empty folder cannot be replaced by a file
        assertThatThrownBy(() -> AtomicFiles.write(target, new byte[] {1, 2}))
                .isInstanceOf(IOException.class).hasMessageStartingWith("cannot write " + target + ": ");
        assertThat(names(dir)).containsExactly("taken");
        assertThat(target.resolve("child")).isDirectory();
    }

    @Test
    void aPathWriterReplacesTheFileAndACopyCopies() throws Exception {
        Path target = dir.resolve("weights.safetensors");
        AtomicFiles.writeFile(target, tmp -> Files.write(tmp, new byte[] {7, 8, 9}));
        assertThat(Files.readAllBytes(target)).containsExactly(7, 8, 9);

        Path copy = dir.resolve("sub/copy.safetensors");
        AtomicFiles.copy(target, copy);
        assertThat(Files.readAllBytes(copy)).containsExactly(7, 8, 9);
        assertThatThrownBy(() -> AtomicFiles.copy(dir.resolve("missing"), copy))
                .hasMessageContaining("cannot write " + copy).hasMessageContaining(dir.resolve("missing").toString());
        assertThat(Files.readAllBytes(copy)).containsExactly(7, 8, 9);
        assertThat(names(copy.getParent())).containsExactly("copy.safetensors");
    }

    @Test
    void aTemporaryFolderKeepsTheTemporaryOutOfTheTargetsFolder() throws Exception {
        Path run = dir.resolve("run");
        Path param = run.resolve("params/lr");
        AtomicFiles.writeString(param, "0.002", run);
        assertThat(Files.readString(param)).isEqualTo("0.002");
        assertThat(names(run)).containsExactly("params");
        assertThat(names(run.resolve("params"))).containsExactly("lr");

        Path source = Files.writeString(dir.resolve("model.txt"), "m");
        AtomicFiles.copy(source, run.resolve("artifacts/model.txt"), run);
        assertThat(run.resolve("artifacts/model.txt")).hasContent("m");
        assertThat(names(run)).containsExactly("artifacts", "params");
    }

    @Test
    void temporariesCarryThePrefixAndTheTargetsNameInTheTargetsFolder() throws Exception {
        Path target = dir.resolve("results.json");
        List<Path> during = new ArrayList<>();
        AtomicFiles.writeFile(target, tmp -> {
            during.add(tmp);
            Files.writeString(tmp, "{}");
        });
        assertThat(during).singleElement().satisfies(tmp -> {
            assertThat(tmp.getParent()).isEqualTo(dir);
            assertThat(tmp.getFileName().toString()).matches("\\.bioprompt-tmp-results\\.json-[0-9a-z]+");
            assertThat(AtomicFiles.isTemporary(tmp)).isTrue();
        });
        assertThat(AtomicFiles.isTemporary(target)).isFalse();

        String longName = "k".repeat(250);
        Path shortened = AtomicFiles.temporaryName(dir, dir.resolve(longName));
        assertThat(shortened.getFileName().toString())
                .startsWith(AtomicFiles.TEMPORARY_PREFIX + "k".repeat(AtomicFiles.NAME_CHARS) + "-")
                .hasSizeLessThan(80);
        AtomicFiles.writeString(dir.resolve(longName), "long names still work");
        assertThat(dir.resolve(longName)).hasContent("long names still work");
    }

    @Test
    void anInterruptedThreadStillWritesAndKeepsItsInterruptStatus() throws Exception {
        Path file = dir.resolve("meta.yaml");
        Path folder = dir.resolve("prompt-set");
        Path created = dir.resolve("claim");
        Thread.currentThread().interrupt();
        try {
            AtomicFiles.writeString(file, "status: 5");
            AtomicFiles.writeFile(dir.resolve("other"), tmp -> Files.copy(file, tmp,
                    StandardCopyOption.REPLACE_EXISTING));
            AtomicFiles.writeFolder(folder, IfExists.FAIL, tmp -> {
                try (OutputStream out = new FileOutputStream(tmp.resolve("manifest.json").toFile())) {
                    out.write('{');
                }
            });
            assertThat(AtomicFiles.writeIfAbsent(created, new byte[] {1})).isTrue();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(file).hasContent("status: 5");
        assertThat(dir.resolve("other")).hasContent("status: 5");
        assertThat(folder.resolve("manifest.json")).hasContent("{");
        assertThat(created).exists();
        assertThat(names(dir)).containsExactly("claim", "meta.yaml", "other", "prompt-set");
    }

    @Test
    void writesSurviveInterruptsArrivingWhileTheyRun() throws Exception {
        int writes = 60;
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger done = new AtomicInteger();
        List<Throwable> failures = new ArrayList<>();
        Thread writer = new Thread(() -> {
            started.countDown();
            for (int i = 0; i < writes; i++) {
                try {
                    AtomicFiles.writeString(dir.resolve("f" + (i % 5)), "value " + i);
                    done.incrementAndGet();
                } catch (IOException | UncheckedIOException e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }
        });
        writer.start();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        while (writer.isAlive()) {
            writer.interrupt();
            Thread.sleep(0, 200_000);
        }
        writer.join();
        assertThat(failures).isEmpty();
        assertThat(done).hasValue(writes);
        assertThat(names(dir)).containsExactly("f0", "f1", "f2", "f3", "f4");
    }

    @Test
    void writeIfAbsentCreatesOnceAndKeepsTheFirstContent() throws Exception {
        Path claim = dir.resolve("versions/3.claim");
        assertThat(AtomicFiles.writeIfAbsent(claim, "first".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(AtomicFiles.writeIfAbsent(claim, "second".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(claim).hasContent("first");
        assertThat(names(claim.getParent())).containsExactly("3.claim");
    }

    @Test
    void aFolderIsCreatedWholeAndRefusedWhenItExists() throws Exception {
        Path target = dir.resolve("sets/btmri");
        assertThat(AtomicFiles.writeFolder(target, IfExists.FAIL, tmp -> {
            Files.writeString(tmp.resolve("manifest.json"), "{}");
            Files.createDirectories(tmp.resolve("nested"));
            Files.writeString(tmp.resolve("nested/prompts.safetensors"), "t");
        })).isTrue();
        assertThat(target.resolve("manifest.json")).hasContent("{}");
        assertThat(target.resolve("nested/prompts.safetensors")).hasContent("t");

        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> AtomicFiles.writeFolder(target, IfExists.FAIL, tmp -> calls.incrementAndGet()))
                .isInstanceOf(FileAlreadyExistsException.class).hasMessageContaining(target.toString());
        assertThat(AtomicFiles.writeFolder(target, IfExists.KEEP, tmp -> calls.incrementAndGet())).isFalse();
        assertThat(calls).hasValue(0);
        assertThat(names(target.getParent())).containsExactly("btmri");
    }

    @Test
    void aFolderReplacesTheOldOneAndAFailedOneLeavesTheOldIntact() throws Exception {
        Path target = dir.resolve("checkpoint/epoch-0002");
        AtomicFiles.writeFolder(target, IfExists.REPLACE, tmp -> Files.writeString(tmp.resolve("a"), "old"));
        AtomicFiles.writeFolder(target, IfExists.REPLACE, tmp -> Files.writeString(tmp.resolve("b"), "new"));
        assertThat(names(target)).containsExactly("b");
        assertThat(target.resolve("b")).hasContent("new");

        assertThatThrownBy(() -> AtomicFiles.writeFolder(target, IfExists.REPLACE, tmp -> {
            Files.writeString(tmp.resolve("c"), "half");
            throw new IOException("disk full");
        })).hasMessage("cannot write " + target + ": disk full");
        assertThatThrownBy(() -> AtomicFiles.writeFolder(dir.resolve("checkpoint/epoch-0003"), IfExists.FAIL, tmp -> {
            throw new UncheckedIOException(new IOException("broken"));
        })).isInstanceOf(UncheckedIOException.class);
        assertThat(names(target)).containsExactly("b");
        assertThat(names(target.getParent())).containsExactly("epoch-0002");
    }

    @Test
    void aFolderThatAppearsWhileWritingIsKeptUnderKeep() throws Exception {
        Path target = dir.resolve("cache/set");
        assertThat(AtomicFiles.writeFolder(target, IfExists.KEEP, tmp -> {
            Files.writeString(tmp.resolve("mine"), "late");
            Files.createDirectories(target);
            Files.writeString(target.resolve("theirs"), "first"); // another process won the race
        })).isFalse();
        assertThat(names(target)).containsExactly("theirs");
        assertThat(names(target.getParent())).containsExactly("set");
    }

    @Test
    void moveIntoPlaceRenamesACompleteFile() throws Exception {
        Path part = Files.writeString(dir.resolve("model.bin.part"), "weights");
        Path target = dir.resolve("model.bin");
        Files.writeString(target, "stale");
        AtomicFiles.moveIntoPlace(part, target);
        assertThat(target).hasContent("weights");
        assertThat(names(dir)).containsExactly("model.bin");
        assertThatThrownBy(() -> AtomicFiles.moveIntoPlace(part, target))
                .hasMessageContaining("cannot write " + target);
    }

    private static List<String> names(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
