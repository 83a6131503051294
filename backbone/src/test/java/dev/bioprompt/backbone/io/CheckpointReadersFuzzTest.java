package dev.bioprompt.backbone.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bioprompt.api.io.CheckpointException;
import dev.bioprompt.api.io.ReadBudget;
import dev.bioprompt.api.io.ReadLimits;
import dev.bioprompt.api.promptset.SafeTensors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Coverage-guided fuzz tests of the four checkpoint readers. A reader may return or throw a
 * {@link CheckpointException}; anything else (another exception, an error, a hang) is a finding.
 *
 * <p>Every build runs them in regression mode over the committed inputs under
 * {@code src/test/resources/dev/bioprompt/backbone/io/CheckpointReadersFuzzTestInputs/<method>/} (seeds taken from
 * the checkpoint fixtures, and inputs that once broke a reader). {@code mvn -Pfuzz} fuzzes one of them; see the
 * README's "Fuzzing" section.
 */
class CheckpointReadersFuzzTest {

    /** Small view-copy slack so that fuzzed stride-0 views stay cheap; the other budgets scale with the input. */
    private static final ReadLimits LIMITS = ReadLimits.defaults().with(ReadBudget.VIEW_COPY_SLACK_BYTES, 1 << 20);

    /** The storages of the state_dict.bin fixture, as name, bytes, name, bytes, ... */
    private static final Object[] STORAGES = storages();

    private static final Path DIR = tempDir();

    /** The restricted unpickler: the input is data.pkl of an archive that holds the fixture's storages. */
    @FuzzTest(maxDuration = "3m")
    void pickle(byte[] input) throws IOException {
        Path file = DIR.resolve("pickle.bin");
        Files.write(file, ZipWriter.torchArchive(input, STORAGES));
        readOrReject(() -> TorchZipReader.read(file, LIMITS));
    }

    /** The zip checkpoint reader on whole files. */
    @FuzzTest(maxDuration = "3m")
    void torchZip(byte[] input) throws IOException {
        Path file = DIR.resolve("zip.bin");
        Files.write(file, input);
        readOrReject(() -> TorchZipReader.read(file, LIMITS));
    }

    /** The backbone's safetensors reader on whole files. */
    @FuzzTest(maxDuration = "3m")
    void safetensors(byte[] input) throws IOException {
        Path file = DIR.resolve("state.safetensors");
        Files.write(file, input);
        readOrReject(() -> SafetensorsReader.read(file, LIMITS));
    }

    /** The prompt-set safetensors reader of the api module. */
    @FuzzTest(maxDuration = "3m")
    void promptSetSafetensors(byte[] input) {
        readOrReject(() -> SafeTensors.read(input, "prompts.safetensors", LIMITS));
    }

    private interface Read {
        Object run() throws IOException;
    }

    private static void readOrReject(Read read) {
        try {
            read.run();
        } catch (CheckpointException expected) {
            // a clean rejection
        } catch (IOException e) {
            throw new AssertionError("a reader threw " + e.getClass().getName() + " instead of CheckpointException", e);
        }
    }

    private static Object[] storages() {
        try (ZipFile zip = new ZipFile(StateDictReaderTest.fixture("state_dict.bin").toFile())) {
            List<Object> out = new ArrayList<>();
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                if (entry.getName().startsWith("state_dict/data/")) {
                    out.add(entry.getName().substring("state_dict/data/".length()));
                    out.add(zip.getInputStream(entry).readAllBytes());
                }
            }
            return out.toArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("checkpoint-fuzz");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
