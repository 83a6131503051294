package dev.bioprompt.backbone.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bioprompt.api.io.CheckpointBudgetException;
import dev.bioprompt.api.io.CheckpointException;
import dev.bioprompt.api.io.ReadBudget;
import dev.bioprompt.api.io.ReadLimits;
import dev.bioprompt.api.promptset.SafeTensors;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile and corrupt checkpoints: each is a clean {@link CheckpointException} (a budget error names its property)
 * with a bounded allocation. Runs in its own test JVM with {@code -Xmx256m} (the {@code hostile-small-heap} surefire
 * execution), so an unbounded allocation fails the build as an OutOfMemoryError.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileCheckpointTest {

    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    // ---- zip ----

    @Test
    void zipEntryDeclaringAGibibyteIsRefusedBeforeInflating() throws IOException {
        Path file = dir.resolve("bomb.bin");
        int copies = 1024; // 1 GiB of zeros in about 1 MB
        try (OutputStream out = Files.newOutputStream(file)) {
            ZipWriter z = ZipWriter.to(out);
            z.stored("archive/data.pkl", stateDict("w", "FloatStorage", copies * MIB / 4, 0, new long[] {copies * MIB / 4},
                    new long[] {1}));
            z.deflatedRepeat("archive/data/0", new byte[(int) MIB], copies, copies * MIB);
            z.finish();
        }

        CheckpointBudgetException e = rejectsOverBudget(file, ReadBudget.MAX_INFLATE_RATIO, 16 * MIB);
        assertThat(e).hasMessageContaining("archive/data/0");
    }

    @Test
    void zipEntryInflatingPastItsDeclaredSizeIsRefused() throws IOException {
        Path file = dir.resolve("liar.bin");
        try (OutputStream out = Files.newOutputStream(file)) {
            ZipWriter z = ZipWriter.to(out);
            z.stored("archive/data.pkl", stateDict("w", "FloatStorage", MIB / 4, 0, new long[] {MIB / 4}, new long[] {1}));
            z.deflatedRepeat("archive/data/0", new byte[(int) MIB], 2048, MIB); // 2 GiB that claims 1 MiB
            z.finish();
        }

        CheckpointException e = rejects(file, 16 * MIB);
        assertThat(e).hasMessageContaining("inflates past its declared 1048576 bytes");
    }

    // ---- views ----

    @Test
    void strideZeroTensorOfTwoGibibytesIsRefused() throws IOException {
        Path file = torchZip("stride0.bin", stateDict("w", "FloatStorage", 1, 0, new long[] {536870900}, new long[] {0}),
                "0", new byte[4]);

        rejects(file, 4 * MIB);
    }

    @Test
    void keysSharingALargeStrideZeroViewAreRefusedOnce() throws IOException {
        PickleWriter p = new PickleWriter().proto().emptyDict().mark();
        for (int k = 0; k < 8; k++) {
            p.str("k" + k).tensor("0", "FloatStorage", 1, 0, new long[] {100_000_000}, new long[] {0});
        }
        Path file = torchZip("shared-stride0.bin", p.setItems().stop().bytes(), "0", new byte[4]);

        rejectsOverBudget(file, ReadBudget.MAX_VIEW_COPY_RATIO, 4 * MIB);
    }

    @Test
    void smallStrideZeroViewsStillRead() throws IOException {
        Path file = torchZip("expand.bin", stateDict("w", "FloatStorage", 1, 0, new long[] {3, 1000}, new long[] {0, 0}),
                "0", floats(2.5f));

        StateTensor w = StateDictReader.read(file).get("w");

        assertThat(w.shape()).containsExactly(3, 1000);
        float[] values = w.toFloats();
        assertThat(values).hasSize(3000);
        assertThat(values[2999]).isEqualTo(2.5f);
    }

    @Test
    void keysSharingATransposedViewShareOneCopy() throws IOException {
        int rows = 2048;
        int cols = 4096; // a 32 MiB storage holding 0, 1, 2, ...
        byte[] storage = new byte[rows * cols * 4];
        for (int i = 0; i < rows * cols; i++) {
            int bits = Float.floatToIntBits(i);
            storage[4 * i] = (byte) bits;
            storage[4 * i + 1] = (byte) (bits >> 8);
            storage[4 * i + 2] = (byte) (bits >> 16);
            storage[4 * i + 3] = (byte) (bits >> 24);
        }
        PickleWriter p = new PickleWriter().proto().emptyDict().mark();
        for (int k = 0; k < 40; k++) {
            p.str("k" + k).tensor("0", "FloatStorage", (long) rows * cols, 0, new long[] {cols, rows},
                    new long[] {1, cols});
        }
        Path file = dir.resolve("transposed.bin");
        try (OutputStream out = Files.newOutputStream(file)) {
            ZipWriter z = ZipWriter.to(out);
            z.stored("archive/data.pkl", p.setItems().stop().bytes());
            z.stored("archive/data/0", storage);
            z.finish();
        }
        storage = null;

        StateDict[] dict = new StateDict[1];
        Throwable[] thrown = new Throwable[1];
        long allocated = Allocations.measure(() -> dict[0] = StateDictReader.read(file), thrown);

        assertThat(thrown[0]).isNull();
        assertThat(dict[0].size()).isEqualTo(40);
        // the storage (32 MiB) and one transposed copy (32 MiB), not 40 copies
        assertThat(allocated).isLessThan(80 * MIB);
        for (int k : new int[] {0, 39}) {
            StateTensor t = dict[0].get("k" + k);
            assertThat(t.shape()).containsExactly(cols, rows);
            ByteBuffer b = t.littleEndianData();
            assertThat(b.getFloat(4 * 1)).isEqualTo(cols); // [0][1] = storage[1 * cols + 0]
            assertThat(b.getFloat(4 * rows)).isEqualTo(1); // [1][0] = storage[1]
        }
    }

    @Test
    void distinctCopiedViewsStopAtTheCopyBudget() throws IOException {
        int rows = 1024;
        int cols = 2048; // an 8 MiB storage: the copy budget is 2 x 8 MiB + 64 MiB
        PickleWriter p = new PickleWriter().proto().emptyDict().mark();
        for (int k = 0; k < 40; k++) {
            p.str("k" + k).tensor("0", "FloatStorage", (long) rows * cols, k, new long[] {cols - 40, rows},
                    new long[] {1, cols});
        }
        Path file = torchZip("views.bin", p.setItems().stop().bytes(), "0", new byte[rows * cols * 4]);

        rejectsOverBudget(file, ReadBudget.MAX_VIEW_COPY_RATIO, 120 * MIB);
    }

    // ---- pickle ----

    @Test
    void hundredMillionEmptyDictsAreNeverInflated() throws IOException {
        Path file = dir.resolve("dicts.bin");
        byte[] unit = new byte[(int) MIB];
        Arrays.fill(unit, (byte) '}');
        try (OutputStream out = Files.newOutputStream(file)) {
            ZipWriter z = ZipWriter.to(out);
            z.deflatedRepeat("archive/data.pkl", unit, 100, 100 * MIB);
            z.finish();
        }
        assertThat(Files.size(file)).isLessThan(200_000);

        rejectsOverBudget(file, ReadBudget.MAX_INFLATE_RATIO, 4 * MIB);
    }

    @Test
    void emptyDictsBeyondTheStackBudgetAreRefused() throws IOException {
        Path file = torchZip("dicts.bin", new PickleWriter().proto().repeat('}', 1_500_000).stop().bytes());

        rejectsOverBudget(file, ReadBudget.MAX_PICKLE_STACK, 160 * MIB);
    }

    @Test
    void tenMillionMarksAreNeverInflated() throws IOException {
        Path file = dir.resolve("marks.bin");
        byte[] unit = new byte[(int) MIB];
        Arrays.fill(unit, (byte) '(');
        try (OutputStream out = Files.newOutputStream(file)) {
            ZipWriter z = ZipWriter.to(out);
            z.deflatedRepeat("archive/data.pkl", unit, 10, 10 * MIB);
            z.finish();
        }

        rejectsOverBudget(file, ReadBudget.MAX_INFLATE_RATIO, 4 * MIB);
    }

    @Test
    void marksBeyondTheStackBudgetAreRefusedCheaply() throws IOException {
        Path file = torchZip("marks.bin", new PickleWriter().proto().repeat('(', 1_500_000).stop().bytes());

        rejectsOverBudget(file, ReadBudget.MAX_PICKLE_STACK, 48 * MIB);
    }

    @Test
    void tupleDagInAPersistentIdGivesAShortMessage() throws IOException {
        Path file = torchZip("dag.bin", tupleDag(new PickleWriter().proto(), 48).persistentId().stop().bytes());

        CheckpointException e = rejects(file, 4 * MIB);
        assertThat(e).hasMessageContaining("unsupported persistent id");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void tupleDagAsADictKeyIsRefusedAtOnce() throws IOException {
        PickleWriter p = new PickleWriter().proto().emptyDict();
        Path file = torchZip("dagkey.bin", tupleDag(p, 64).none().setItem().stop().bytes());

        CheckpointException e = rejects(file, 4 * MIB);
        assertThat(e).hasMessageContaining("dict key is a tuple");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void collidingTupleKeysAreRefused() throws IOException {
        PickleWriter p = new PickleWriter().proto().emptyDict().mark();
        for (int i = 0; i < 100_000; i++) {
            p.emptyTuple().none();
        }
        Path file = torchZip("tuplekeys.bin", p.setItems().stop().bytes());

        assertThat(rejects(file, 32 * MIB)).hasMessageContaining("dict key is a tuple");
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void collidingStringKeysStayFast() throws IOException {
        // 2^17 strings of "Aa"/"BB" blocks share one hashCode
        PickleWriter p = new PickleWriter().proto().emptyDict();
        for (int i = 0; i < 1 << 17; i++) {
            if (i % 1000 == 0) {
                if (i > 0) {
                    p.setItems();
                }
                p.mark();
            }
            StringBuilder key = new StringBuilder();
            for (int bit = 0; bit < 17; bit++) {
                key.append((i >> bit & 1) == 0 ? "Aa" : "BB");
            }
            p.str(key.toString()).none();
        }
        Path file = torchZip("strings.bin", p.setItems().stop().bytes());

        assertThat(StateDictReader.read(file).size()).isZero();
    }

    @Test
    void mixedKeyTypesInOneDictAreRefused() throws IOException {
        Path file = torchZip("mixed.bin", new PickleWriter().proto().emptyDict().mark().str("a").none().integer(1).none()
                .setItems().stop().bytes());

        assertThat(rejects(file, 4 * MIB)).hasMessageContaining("mixes");
    }

    @Test
    void selfContainingListIsRefusedAsAKeyAndHarmlessAsAValue() throws IOException {
        PickleWriter loop = new PickleWriter().proto().emptyList().put(0).get(0).append();
        Path asKey = torchZip("loopkey.bin", new PickleWriter().proto().emptyDict().emptyList().put(0).get(0).append()
                .none().setItem().stop().bytes());
        Path asValue = torchZip("loopvalue.bin", new PickleWriter().proto().emptyDict().str("x").emptyList().put(0)
                .get(0).append().setItem().stop().bytes());
        Path asPid = torchZip("looppid.bin", loop.persistentId().stop().bytes());

        assertThat(rejects(asKey, 4 * MIB)).hasMessageContaining("dict key is a list");
        assertThat(StateDictReader.read(asValue).size()).isZero();
        assertThat(rejects(asPid, 4 * MIB)).hasMessageContaining("persistent id is a list");
    }

    @Test
    void listAppendedToItselfRepeatedlyHitsTheDepthBudget() throws IOException {
        PickleWriter p = new PickleWriter().proto().emptyList().put(0);
        for (int i = 0; i < 1000; i++) {
            p.get(0).append();
        }
        Path file = torchZip("selfdeep.bin", p.stop().bytes());

        rejectsOverBudget(file, ReadBudget.MAX_PICKLE_DEPTH, 4 * MIB);
    }

    @Test
    void hundredThousandNestedTuplesHitTheDepthBudget() throws IOException {
        Path file = torchZip("tuples.bin", new PickleWriter().proto().emptyTuple().repeat(0x85, 100_000).stop().bytes());

        rejectsOverBudget(file, ReadBudget.MAX_PICKLE_DEPTH, 4 * MIB);
    }

    @Test
    void hundredThousandNestedListsHitTheDepthBudget() throws IOException {
        Path file = torchZip("lists.bin", new PickleWriter().proto().repeat(']', 100_000).repeat('a', 99_999).stop()
                .bytes());

        rejectsOverBudget(file, ReadBudget.MAX_PICKLE_DEPTH, 16 * MIB);
    }

    @Test
    void hundredThousandListsNestedTopDownAreACleanError() throws IOException {
        PickleWriter p = new PickleWriter().proto().emptyList().put(0);
        for (int i = 1; i < 100_000; i++) {
            p.get(i - 1).emptyList().put(i).append();
        }
        Path file = torchZip("topdown.bin", p.stop().bytes());

        assertThat(rejects(file, 64 * MIB)).hasMessageContaining("values on the stack");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "offset 0 size 1099511627776,1099511627776 stride 1,1",
        "offset 0 size 3 stride 4611686018427387904",
        "offset 1 size 2 stride 9223372036854775807",
        "offset -1 size 0 stride 1",
        "offset 4611686018427387904 size 1 stride 1",
        "offset 0 size 2147483647,2 stride 0,0",
        "offset 0 size -1 stride 1",
        "offset 3 size 2 stride 1"})
    void impossibleSizesStridesAndOffsetsAreCleanErrors(String layout) throws IOException {
        String[] f = layout.split(" ");
        Path file = torchZip("layout.bin", stateDict("w", "FloatStorage", 4, Long.parseLong(f[1]), longs(f[3]),
                longs(f[5])), "0", new byte[16]);

        assertThat(rejects(file, 4 * MIB)).hasMessageContaining("tensor 'w'");
    }

    @Test
    void pickleOpsAndMemoBudgetsApply() throws IOException {
        Path file = StateDictReaderTest.fixture("state_dict.bin");

        assertThat(rejectsOverBudget(file, ReadLimits.defaults().with(ReadBudget.MAX_PICKLE_OPS, 20),
                ReadBudget.MAX_PICKLE_OPS)).hasMessageContaining("-Dbioprompt.checkpoint.max-pickle-ops=N");
        rejectsOverBudget(file, ReadLimits.defaults().with(ReadBudget.MAX_PICKLE_MEMO, 3), ReadBudget.MAX_PICKLE_MEMO);
        rejectsOverBudget(file, ReadLimits.defaults().with(ReadBudget.MAX_TENSORS, 2), ReadBudget.MAX_TENSORS);
        rejectsOverBudget(file, ReadLimits.defaults().with(ReadBudget.MAX_TOTAL_BYTES, 64), ReadBudget.MAX_TOTAL_BYTES);
    }

    @Test
    void budgetsAreSystemProperties() throws IOException {
        Path file = StateDictReaderTest.fixture("state_dict.safetensors");
        System.setProperty("bioprompt.checkpoint.max-header-bytes", "64");
        try {
            assertThat(rejects(file, ReadLimits.fromSystemProperties(), 4 * MIB))
                    .isInstanceOf(CheckpointBudgetException.class)
                    .hasMessageContaining("max-header-bytes budget of 64");
        } finally {
            System.clearProperty("bioprompt.checkpoint.max-header-bytes");
        }
        assertThat(StateDictReader.read(file).size()).isPositive();
    }

    // ---- safetensors (the checkpoint reader and the prompt-set reader) ----

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"a\":{\"dtype\":\"F32\",\"shape\":\"abc\",\"data_offsets\":[0,4]}}",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[\"0\",\"4\"]}}",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}}",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1.0],\"data_offsets\":[0,4]}}",
        "{\"a\":{\"dtype\":5,\"shape\":[1],\"data_offsets\":[0,4]}}",
        "{\"a\":{\"shape\":[1],\"data_offsets\":[0,4]}}",
        "{\"a\":null}",
        "{\"a\":[]}",
        "[]",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,400]}}",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[9223372036854775800,9223372036854775804]}}",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[4611686018427387905],\"data_offsets\":[0,4]}}",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[18446744073709551616,18446744073709551620]}}",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,6]}}",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[2,6]}}",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}} x",
        "{\"__metadata__\":{\"format\":1}}",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}"})
    void malformedSafetensorsHeadersAreCleanErrors(String header) throws IOException {
        byte[] bytes = SafetensorsBytes.of(header, new byte[8]);
        Path file = Files.write(dir.resolve("bad.safetensors"), bytes);

        rejects(file, 4 * MIB);
        Throwable[] thrown = new Throwable[1];
        Allocations.measure(() -> SafeTensors.read(bytes, "prompts.safetensors"), thrown);
        assertThat(thrown[0]).isInstanceOf(CheckpointException.class).hasMessageContaining("prompts.safetensors");
    }

    @Test
    void safetensorsEntriesSharingTheSameBytesAreRefused() throws IOException {
        StringBuilder header = new StringBuilder("{");
        for (int i = 0; i < 3000; i++) {
            header.append(i == 0 ? "" : ",").append("\"t").append(i).append("\":{\"dtype\":\"F32\",\"shape\":[262144],")
                    .append("\"data_offsets\":[0,1048576]}");
        }
        byte[] bytes = SafetensorsBytes.of(header.append('}').toString(), new byte[(int) MIB]);
        Path file = Files.write(dir.resolve("shared.safetensors"), bytes);

        assertThat(rejects(file, 4 * MIB)).hasMessageContaining("overlap");
        Throwable[] thrown = new Throwable[1];
        long allocated = Allocations.measure(() -> SafeTensors.read(bytes, "prompts.safetensors"), thrown);
        assertThat(thrown[0]).isInstanceOf(CheckpointException.class).hasMessageContaining("overlap");
        assertThat(allocated).isLessThan(32 * MIB); // the old reader copied 3000 x 1 MiB
    }

    @Test
    void safetensorsBudgetsApply() throws IOException {
        Path file = StateDictReaderTest.fixture("state_dict.safetensors");

        rejectsOverBudget(file, ReadLimits.defaults().with(ReadBudget.MAX_TENSORS, 2), ReadBudget.MAX_TENSORS);
        rejectsOverBudget(file, ReadLimits.defaults().with(ReadBudget.MAX_TOTAL_BYTES, 16), ReadBudget.MAX_TOTAL_BYTES);
        Throwable[] thrown = new Throwable[1];
        byte[] bytes = Files.readAllBytes(file);
        Allocations.measure(() -> SafeTensors.read(bytes, "p", ReadLimits.defaults().with(ReadBudget.MAX_HEADER_BYTES,
                10)), thrown);
        assertThat(thrown[0]).isInstanceOf(CheckpointBudgetException.class)
                .hasMessageContaining("bioprompt.checkpoint.max-header-bytes");
    }

    // ---- helpers ----

    private CheckpointException rejects(Path file, long maxAllocated) {
        return rejects(file, ReadLimits.defaults(), maxAllocated);
    }

    private CheckpointException rejects(Path file, ReadLimits limits, long maxAllocated) {
        Throwable[] thrown = new Throwable[1];
        long allocated = Allocations.measure(() -> StateDictReader.read(file, limits), thrown);
        assertThat(thrown[0]).as("what reading %s threw", file.getFileName()).isInstanceOf(CheckpointException.class);
        assertThat(thrown[0].getMessage()).contains(file.toString());
        assertThat(thrown[0].getMessage().length()).isLessThanOrEqualTo(CheckpointException.MAX_MESSAGE_CHARS + 40);
        assertThat(allocated).as("bytes allocated reading %s", file.getFileName()).isLessThan(maxAllocated);
        return (CheckpointException) thrown[0];
    }

    private CheckpointBudgetException rejectsOverBudget(Path file, ReadBudget budget, long maxAllocated) {
        CheckpointException e = rejects(file, maxAllocated);
        assertThat(e).isInstanceOf(CheckpointBudgetException.class).hasMessageContaining(budget.property());
        assertThat(((CheckpointBudgetException) e).budget()).isEqualTo(budget);
        return (CheckpointBudgetException) e;
    }

    private CheckpointBudgetException rejectsOverBudget(Path file, ReadLimits limits, ReadBudget budget) {
        CheckpointException e = rejects(file, limits, 16 * MIB);
        assertThat(e).isInstanceOf(CheckpointBudgetException.class).hasMessageContaining(budget.property());
        assertThat(((CheckpointBudgetException) e).budget()).isEqualTo(budget);
        return (CheckpointBudgetException) e;
    }

    private Path torchZip(String name, byte[] pickle, Object... keysAndBytes) throws IOException {
        return Files.write(dir.resolve(name), ZipWriter.torchArchive(pickle, keysAndBytes));
    }

    /** {@code {key: tensor}} over storage "0". */
    static byte[] stateDict(String key, String storageType, long numel, long offset, long[] size, long[] stride) {
        return new PickleWriter().proto().emptyDict().str(key).tensor("0", storageType, numel, offset, size, stride)
                .setItem().stop().bytes();
    }

    /** Pushes a tuple DAG of {@code levels} levels: level i is (level i-1, level i-1). */
    private static PickleWriter tupleDag(PickleWriter p, int levels) {
        p.emptyTuple().put(0);
        for (int i = 1; i <= levels; i++) {
            p.get(i - 1).op(0x86).put(i); // the stack holds level i - 1 only
        }
        return p;
    }

    private static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return b.array();
    }

    private static long[] longs(String csv) {
        return Arrays.stream(csv.split(",")).mapToLong(Long::parseLong).toArray();
    }
}
