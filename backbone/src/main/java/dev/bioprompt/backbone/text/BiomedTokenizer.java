package dev.bioprompt.backbone.text;

import static java.util.Objects.requireNonNull;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bioprompt.api.model.TokenizedText;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The BiomedCLIP text tokenizer, as open_clip's {@code HFTokenizer} applies it: open_clip's text cleaning, then BERT
 * WordPiece through the HF tokenizers library (DJL), {@code [CLS] ... [SEP]} truncated to the context length with
 * {@code [SEP]} kept last, padded with {@code [PAD]}.
 *
 * <p>The folder holds a {@code tokenizer.json}, or only a BERT {@code vocab.txt} (as the released BiomedCLIP
 * tokenizer does), from which the equivalent {@code tokenizer.json} is built in memory; the folder is never written.
 * An optional {@code tokenizer_config.json} supplies {@code do_lower_case} and {@code tokenize_chinese_chars}.
 */
public final class BiomedTokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;
    private final Path source;
    private final int contextLength;
    private final int vocabSize;
    private final long padId;
    private final long clsId;
    private final long sepId;
    private final long unkId;

    private BiomedTokenizer(HuggingFaceTokenizer tokenizer, Path source, int contextLength, Map<String, Integer> vocab)
            throws IOException {
        this.tokenizer = tokenizer;
        this.source = source;
        this.contextLength = contextLength;
        this.vocabSize = vocab.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        this.padId = special(vocab, "[PAD]");
        this.clsId = special(vocab, "[CLS]");
        this.sepId = special(vocab, "[SEP]");
        this.unkId = special(vocab, "[UNK]");
    }

    /**
     * Opens the tokenizer in {@code dir}.
     *
     * @param contextLength tokens per text after padding/truncation (BiomedCLIP: 256); at least 2
     * @throws IOException naming the folder or file when neither {@code tokenizer.json} nor {@code vocab.txt} is
     *         there, or a file is unreadable or lacks a special token
     */
    public static BiomedTokenizer open(Path dir, int contextLength) throws IOException {
        requireNonNull(dir, "dir is null");
        if (contextLength < 2) {
            throw new IllegalArgumentException("contextLength must be at least 2 ([CLS] and [SEP]), got " + contextLength);
        }
        Path tokenizerJson = dir.resolve("tokenizer.json");
        Path vocabTxt = dir.resolve("vocab.txt");
        String json;
        Map<String, Integer> vocab;
        Path source;
        if (Files.isRegularFile(tokenizerJson)) {
            source = tokenizerJson;
            json = Files.readString(tokenizerJson, StandardCharsets.UTF_8);
            vocab = Files.isRegularFile(vocabTxt) ? readVocab(vocabTxt) : vocabOf(tokenizerJson, json);
        } else if (Files.isRegularFile(vocabTxt)) {
            source = vocabTxt;
            vocab = readVocab(vocabTxt);
            JsonNode config = readTokenizerConfig(dir.resolve("tokenizer_config.json"));
            json = BertTokenizerJson.build(vocab, config.path("do_lower_case").asBoolean(true),
                    config.path("tokenize_chinese_chars").asBoolean(true));
        } else {
            throw new NoSuchFileException(dir.toString(), null,
                    "tokenizer folder has neither tokenizer.json nor vocab.txt");
        }
        Map<String, String> options = Map.of(
                "addSpecialTokens", "true",
                "truncation", "true",
                "padding", "false",
                "maxLength", String.valueOf(contextLength),
                "modelMaxLength", String.valueOf(Math.max(contextLength, 512)));
        HuggingFaceTokenizer hf;
        try (InputStream in = new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))) {
            hf = HuggingFaceTokenizer.newInstance(in, options);
        } catch (RuntimeException e) {
            throw new IOException(source + ": not a usable tokenizer: " + e.getMessage(), e);
        }
        try {
            return new BiomedTokenizer(hf, source, contextLength, vocab);
        } catch (IOException | RuntimeException e) {
            hf.close();
            throw e;
        }
    }

    /**
     * Tokenises texts: ids padded with {@code [PAD]} to the context length; lengths count {@code [CLS]} and
     * {@code [SEP]}.
     */
    public TokenizedText tokenize(List<String> texts) {
        requireNonNull(texts, "texts is null");
        long[][] ids = new long[texts.size()][];
        int[] lengths = new int[texts.size()];
        if (texts.isEmpty()) {
            return new TokenizedText(ids, lengths);
        }
        List<String> cleaned = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            cleaned.add(OpenClipTextCleaner.clean(requireNonNull(texts.get(i), "text " + i + " is null")));
        }
        Encoding[] encodings = tokenizer.batchEncode(cleaned);
        for (int i = 0; i < encodings.length; i++) {
            long[] real = encodings[i].getIds();
            if (real.length > contextLength) {
                throw new IllegalStateException("tokenizer " + source + " returned " + real.length
                        + " tokens for a context length of " + contextLength);
            }
            long[] row = new long[contextLength];
            System.arraycopy(real, 0, row, 0, real.length);
            Arrays.fill(row, real.length, contextLength, padId);
            ids[i] = row;
            lengths[i] = real.length;
        }
        return new TokenizedText(ids, lengths);
    }

    /** The word pieces of one text after cleaning, without {@code [CLS]}/{@code [SEP]} and without truncation. */
    public List<String> wordPieces(String text) {
        requireNonNull(text, "text is null");
        Encoding encoding = tokenizer.encode(OpenClipTextCleaner.clean(text), false, false);
        return Collections.unmodifiableList(Arrays.asList(encoding.getTokens()));
    }

    /** Tokens per text after padding/truncation. */
    public int contextLength() {
        return contextLength;
    }

    /** Number of ids in the vocabulary (largest id + 1). */
    public int vocabSize() {
        return vocabSize;
    }

    /** Id of {@code [PAD]}. */
    public long padId() {
        return padId;
    }

    /** Id of {@code [CLS]}. */
    public long clsId() {
        return clsId;
    }

    /** Id of {@code [SEP]}. */
    public long sepId() {
        return sepId;
    }

    /** Id of {@code [UNK]}. */
    public long unkId() {
        return unkId;
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    private long special(Map<String, Integer> vocab, String token) throws IOException {
        Integer id = vocab.get(token);
        if (id == null) {
            throw new IOException(source + ": vocabulary has no " + token + " token");
        }
        return id;
    }

    private static Map<String, Integer> readVocab(Path vocabTxt) throws IOException {
        List<String> lines = Files.readAllLines(vocabTxt, StandardCharsets.UTF_8);
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines = lines.subList(0, lines.size() - 1);
        }
        if (lines.isEmpty()) {
            throw new IOException(vocabTxt + ": empty vocabulary");
        }
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String token = lines.get(i);
            if (token.endsWith("\r")) {
                token = token.substring(0, token.length() - 1);
            }
            vocab.putIfAbsent(token, i);
        }
        return vocab;
    }

    private static Map<String, Integer> vocabOf(Path tokenizerJson, String json) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new IOException(tokenizerJson + ": unreadable JSON: " + e.getMessage(), e);
        }
        Map<String, Integer> vocab = new LinkedHashMap<>();
        root.path("model").path("vocab").fields().forEachRemaining(e -> vocab.put(e.getKey(), e.getValue().asInt()));
        root.path("added_tokens").forEach(t -> vocab.putIfAbsent(t.path("content").asText(), t.path("id").asInt()));
        if (vocab.isEmpty()) {
            throw new IOException(tokenizerJson + ": has no model.vocab; expected a WordPiece tokenizer");
        }
        return vocab;
    }

    private static JsonNode readTokenizerConfig(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return new ObjectMapper().createObjectNode();
        }
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": unreadable JSON: " + e.getMessage(), e);
        }
    }
}
