package dev.bioprompt.backbone.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bioprompt.api.model.TokenizedText;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Compares with ids from open_clip's HFTokenizer, recorded by tools/make_tokenizer_fixtures.py. */
class BiomedTokenizerTest {

    private static JsonNode expected;

    @BeforeAll
    static void loadExpected() throws IOException {
        expected = new ObjectMapper().readTree(resource("expected.json").toFile());
    }

    static Path resource(String name) {
        try {
            return Path.of(BiomedTokenizerTest.class.getResource("/tokenizer/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> folderAndContextLength() {
        return Stream.of(Arguments.of("vocab_only", 256), Arguments.of("vocab_only", 16),
                Arguments.of("with_tokenizer_json", 256), Arguments.of("with_tokenizer_json", 16));
    }

    @ParameterizedTest
    @MethodSource("folderAndContextLength")
    void idsMatchOpenClipHfTokenizer(String folder, int contextLength) throws IOException {
        List<String> texts = new ArrayList<>();
        List<JsonNode> cases = new ArrayList<>();
        for (JsonNode c : expected.get("cases")) {
            if (c.get("context_length").asInt() == contextLength) {
                texts.add(c.get("text").asText());
                cases.add(c);
            }
        }
        assertThat(cases).hasSizeGreaterThan(15);

        TokenizedText tokens;
        try (BiomedTokenizer tokenizer = BiomedTokenizer.open(resource(folder), contextLength)) {
            tokens = tokenizer.tokenize(texts);
        }

        for (int i = 0; i < cases.size(); i++) {
            JsonNode c = cases.get(i);
            long[] want = new long[contextLength];
            for (int k = 0; k < c.get("ids").size(); k++) {
                want[k] = c.get("ids").get(k).asLong();
            }
            assertThat(tokens.ids()[i]).as("ids of %s (tokens %s)", c.get("text"), c.get("tokens")).containsExactly(want);
            assertThat(tokens.lengths()[i]).as("length of %s", c.get("text")).isEqualTo(c.get("length").asInt());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny_a", "tiny_b"})
    void idsMatchTheParityFixtures(String model) throws IOException, URISyntaxException {
        Path dir = Path.of(BiomedTokenizerTest.class.getResource("/parity/" + model).toURI());
        JsonNode reference = new ObjectMapper().readTree(dir.resolve("reference.json").toFile());
        List<String> texts = new ArrayList<>();
        reference.get("texts").forEach(t -> texts.add(t.get("text").asText()));

        TokenizedText tokens;
        try (BiomedTokenizer tokenizer = BiomedTokenizer.open(dir, reference.get("context_length").asInt())) {
            tokens = tokenizer.tokenize(texts);
        }

        for (int i = 0; i < texts.size(); i++) {
            JsonNode ids = reference.get("texts").get(i).get("ids");
            long[] want = new long[ids.size()];
            for (int k = 0; k < want.length; k++) {
                want[k] = ids.get(k).asLong();
            }
            assertThat(tokens.ids()[i]).as(texts.get(i)).containsExactly(want);
            assertThat(tokens.lengths()[i]).isEqualTo(reference.get("texts").get(i).get("num_tokens").asInt());
        }
    }

    @Test
    void cleanerMatchesOpenClipCleaning() {
        for (JsonNode c : expected.get("cases")) {
            assertThat(OpenClipTextCleaner.clean(c.get("text").asText())).as("clean(%s)", c.get("text"))
                    .isEqualTo(c.get("cleaned").asText());
        }
    }

    @Test
    void truncationKeepsSepLastAndCountsIt() throws IOException {
        try (BiomedTokenizer tokenizer = BiomedTokenizer.open(resource("vocab_only"), 8)) {
            TokenizedText t = tokenizer.tokenize(List.of("a photo of the tumor in the left lung", "a tumor"));

            assertThat(t.ids()[0]).hasSize(8).startsWith(tokenizer.clsId()).endsWith(tokenizer.sepId());
            assertThat(t.lengths()).containsExactly(8, 4);
            assertThat(t.ids()[1]).endsWith(tokenizer.padId(), tokenizer.padId(), tokenizer.padId(), tokenizer.padId());
        }
    }

    @Test
    void specialIdsComeFromTheVocabulary() throws IOException {
        JsonNode specials = expected.get("special_ids");
        try (BiomedTokenizer tokenizer = BiomedTokenizer.open(resource("vocab_only"), 256)) {
            assertThat(tokenizer.padId()).isEqualTo(specials.get("[PAD]").asLong());
            assertThat(tokenizer.unkId()).isEqualTo(specials.get("[UNK]").asLong());
            assertThat(tokenizer.clsId()).isEqualTo(specials.get("[CLS]").asLong());
            assertThat(tokenizer.sepId()).isEqualTo(specials.get("[SEP]").asLong());
            assertThat(tokenizer.vocabSize()).isEqualTo(400);
            assertThat(tokenizer.wordPieces("Adenocarcinoma ZEBRA")).contains("##carcinoma", "z");
        }
    }

    @Test
    void specialIdsAreNotHardCoded(@TempDir Path dir) throws IOException {
        // the same vocabulary with [PAD] moved to the end: padding must follow it
        List<String> lines = new ArrayList<>(Files.readAllLines(resource("vocab_only/vocab.txt")));
        lines.set(0, "[unused_pad_slot]");
        lines.add("[PAD]");
        Files.write(dir.resolve("vocab.txt"), lines);
        try (BiomedTokenizer tokenizer = BiomedTokenizer.open(dir, 6)) {
            TokenizedText t = tokenizer.tokenize(List.of("tumor"));

            assertThat(t.ids()[0]).containsExactly(2, lines.indexOf("tumor"), 3, 400, 400, 400);
        }
        assertThat(Files.list(dir)).as("the folder is not written to").hasSize(1);
    }

    @Test
    void lowercaseCanBeSwitchedOffByTokenizerConfig(@TempDir Path dir) throws IOException {
        Files.copy(resource("vocab_only/vocab.txt"), dir.resolve("vocab.txt"));
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"do_lower_case\": false}");
        try (BiomedTokenizer tokenizer = BiomedTokenizer.open(dir, 16)) {
            assertThat(tokenizer.wordPieces("Tumor tumor")).containsExactly("[UNK]", "tumor");
        }
    }

    @Test
    void emptyBatchGivesNoRows() throws IOException {
        try (BiomedTokenizer tokenizer = BiomedTokenizer.open(resource("vocab_only"), 256)) {
            assertThat(tokenizer.tokenize(List.of()).size()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"missing", "broken"})
    void unusableFoldersAreNamed(String kind, @TempDir Path dir) throws IOException {
        if (kind.equals("broken")) {
            Files.writeString(dir.resolve("vocab.txt"), "[PAD]\n[CLS]\n[SEP]\nword\n");
            assertThatThrownBy(() -> BiomedTokenizer.open(dir, 256))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("vocab.txt")
                    .hasMessageContaining("[UNK]");
        } else {
            assertThatThrownBy(() -> BiomedTokenizer.open(dir, 256))
                    .isInstanceOf(NoSuchFileException.class)
                    .hasMessageContaining(dir.toString())
                    .hasMessageContaining("vocab.txt");
        }
    }
}
