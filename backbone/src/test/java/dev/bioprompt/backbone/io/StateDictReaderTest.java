package dev.bioprompt.backbone.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Checks the readers against fixtures written by tools/make_checkpoint_fixtures.py and torch.load's values. */
class StateDictReaderTest {

    private static JsonNode expected;

    @BeforeAll
    static void loadExpected() throws IOException {
        expected = new ObjectMapper().readTree(fixture("expected.json").toFile());
    }

    static Path fixture(String name) {
        try {
            return Path.of(StateDictReaderTest.class.getResource("/checkpoints/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"state_dict.bin", "state_dict.safetensors", "nested_checkpoint.pt"})
    void readsEveryTensorAsTorchLoadDoes(String name) throws IOException {
        StateDict dict = StateDictReader.read(fixture(name));

        List<String> expectedKeys = new ArrayList<>();
        expected.fieldNames().forEachRemaining(expectedKeys::add);
        if (name.endsWith(".safetensors")) {
            assertThat(dict.keys()).containsExactlyInAnyOrderElementsOf(expectedKeys);
        } else {
            assertThat(dict.keys()).containsExactlyElementsOf(expectedKeys);
        }
        for (Map.Entry<String, JsonNode> e : expected.properties()) {
            StateTensor t = dict.get(e.getKey());
            JsonNode want = e.getValue();
            assertThat(t.dtype()).as(e.getKey()).isEqualTo(StateDtype.valueOf(want.get("dtype").asText()));
            long[] shape = new long[want.get("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = want.get("shape").get(i).asLong();
            }
            assertThat(t.shape()).as(e.getKey()).containsExactly(shape);
            JsonNode values = want.get("values");
            assertThat(t.numel()).as(e.getKey()).isEqualTo(values.size());
            if (t.dtype().isFloatingPoint()) {
                float[] got = t.toFloats();
                for (int i = 0; i < got.length; i++) {
                    assertThat(got[i]).as(e.getKey() + "[" + i + "]").isEqualTo((float) values.get(i).asDouble());
                }
            } else {
                long[] got = t.toLongs();
                for (int i = 0; i < got.length; i++) {
                    assertThat(got[i]).as(e.getKey() + "[" + i + "]").isEqualTo(values.get(i).asLong());
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny_a/open_clip_pytorch_model.bin", "tiny_b/open_clip_model.safetensors"})
    void readsTheOpenClipParityCheckpoints(String name) throws IOException, URISyntaxException {
        Path file = Path.of(StateDictReaderTest.class.getResource("/parity/" + name).toURI());
        JsonNode reference = new ObjectMapper().readTree(file.resolveSibling("reference.json").toFile());

        StateDict dict = StateDictReader.read(file);

        StateTensor logitScale = dict.get("logit_scale");
        assertThat(logitScale.shape()).isEmpty();
        assertThat(logitScale.toFloats()[0]).isEqualTo((float) reference.get("logit_scale").asDouble());
        StateTensor cls = dict.get("visual.trunk.cls_token");
        assertThat(cls.dtype()).isEqualTo(StateDtype.F32);
        assertThat(cls.shape()).containsExactly(1, 1, reference.get("width").asLong());
        assertThat(dict.get("text.transformer.embeddings.word_embeddings.weight").shape())
                .containsExactly(reference.get("vocab_size").asLong(), reference.get("width").asLong());
        if (name.endsWith(".bin")) {
            assertThat(dict.get("text.transformer.embeddings.position_ids").dtype()).isEqualTo(StateDtype.I64);
        }
    }

    @Test
    void zeroDimensionalTensorHasEmptyShapeAndOneValue() throws IOException {
        StateTensor scalar = StateDictReader.read(fixture("state_dict.bin")).get("scalar");

        assertThat(scalar.shape()).isEmpty();
        assertThat(scalar.toFloats()).containsExactly(4.6052f);
    }

    @Test
    void readsParametersSavedOutsideAStateDict() throws IOException {
        StateTensor weight = StateDictReader.read(fixture("parameter.bin")).get("weight");

        assertThat(weight.shape()).containsExactly(2, 3);
        assertThat(weight.toFloats()).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void missingKeyNamesKeyAndFile() throws IOException {
        StateDict dict = StateDictReader.read(fixture("state_dict.bin"));

        assertThatThrownBy(() -> dict.get("visual.trunk.cls_token"))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("visual.trunk.cls_token")
                .hasMessageContaining("state_dict.bin");
    }

    @Test
    void refusesPickleThatCallsOsSystem() {
        assertThatThrownBy(() -> StateDictReader.read(fixture("malicious_os_system.bin")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("refusing to load")
                .hasMessageContaining("malicious_os_system.bin")
                .hasMessageContaining("pickle global os.system is not allowed")
                .hasMessageContaining("never executes code");
    }

    @Test
    void refusesPickleThatCallsEval() {
        assertThatThrownBy(() -> StateDictReader.read(fixture("malicious_eval.bin")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("refusing to load")
                .hasMessageContaining("__builtin__.eval is not allowed");
    }

    @Test
    void truncatedZipIsAnErrorNamingTheFile() {
        assertThatThrownBy(() -> StateDictReader.read(fixture("truncated.bin")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("truncated.bin");
    }

    @Test
    void truncatedSafetensorsIsAnErrorNamingTheFile() {
        assertThatThrownBy(() -> StateDictReader.read(fixture("truncated.safetensors")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("truncated.safetensors")
                .hasMessageContaining("truncated");
    }

    @Test
    void unknownOpcodeIsNamed(@TempDir Path dir) throws IOException {
        // protocol 2 header then NEWOBJ, which torch state dicts never contain
        Path file = dir.resolve("odd.bin");
        writeTorchZip(file, new byte[] {(byte) 0x80, 2, (byte) 0x81, '.'});

        assertThatThrownBy(() -> StateDictReader.read(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("odd.bin")
                .hasMessageContaining("NEWOBJ (0x81)");
    }

    @Test
    void storageGlobalsCannotBeCalled(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("call.bin");
        writeTorchZip(file, "\u0080\u0002ctorch\nFloatStorage\n)R.".getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> StateDictReader.read(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("torch.FloatStorage cannot be called");
    }

    @Test
    void nonCheckpointAndMissingFilesAreRejected(@TempDir Path dir) throws IOException {
        Path text = Files.writeString(dir.resolve("notes.bin"), "hello, not a checkpoint");

        assertThatThrownBy(() -> StateDictReader.read(text))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("notes.bin")
                .hasMessageContaining("unknown checkpoint format");
        assertThatThrownBy(() -> StateDictReader.read(dir.resolve("absent.bin")))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("absent.bin");
    }

    @Test
    void legacyTorchSaveFormatIsExplained(@TempDir Path dir) throws IOException {
        // the pre-1.6 format starts with a pickled magic number
        Path file = Files.write(dir.resolve("old.pt"), new byte[] {(byte) 0x80, 2, (byte) 0x8a, 10, 0x6c, (byte) 0xfc});

        assertThatThrownBy(() -> StateDictReader.read(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("old.pt")
                .hasMessageContaining("legacy");
    }

    private static void writeTorchZip(Path file, byte[] pickle) throws IOException {
        try (var zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("archive/data.pkl"));
            zip.write(pickle);
            zip.closeEntry();
        }
    }
}
