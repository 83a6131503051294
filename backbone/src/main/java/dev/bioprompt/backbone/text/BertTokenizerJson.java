package dev.bioprompt.backbone.text;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@code tokenizer.json} that HF transformers' BERT converter derives from a {@code vocab.txt}: BERT
 * normaliser, BERT pre-tokeniser, WordPiece ({@code [UNK]}, {@code ##}, 100 characters per word at most) and the
 * {@code [CLS] $A [SEP]} template, with the special tokens registered as added tokens.
 */
final class BertTokenizerJson {

    static final List<String> SPECIAL_TOKENS = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");

    private BertTokenizerJson() {
    }

    /**
     * @param vocab token to id, in id order
     * @param lowercase the vocabulary's {@code do_lower_case} (also strips accents, as BERT does)
     * @param chineseChars the vocabulary's {@code tokenize_chinese_chars}
     */
    static String build(Map<String, Integer> vocab, boolean lowercase, boolean chineseChars) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (String token : SPECIAL_TOKENS) {
            Integer id = vocab.get(token);
            if (id != null) {
                added.addObject().put("id", id).put("content", token).put("single_word", false).put("lstrip", false)
                        .put("rstrip", false).put("normalized", false).put("special", true);
            }
        }
        root.putObject("normalizer").put("type", "BertNormalizer").put("clean_text", true)
                .put("handle_chinese_chars", chineseChars).putNull("strip_accents").put("lowercase", lowercase);
        root.putObject("pre_tokenizer").put("type", "BertPreTokenizer");
        ObjectNode post = root.putObject("post_processor");
        post.put("type", "TemplateProcessing");
        ArrayNode single = post.putArray("single");
        single.addObject().putObject("SpecialToken").put("id", "[CLS]").put("type_id", 0);
        single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        single.addObject().putObject("SpecialToken").put("id", "[SEP]").put("type_id", 0);
        ArrayNode pair = post.putArray("pair");
        pair.addObject().putObject("SpecialToken").put("id", "[CLS]").put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        pair.addObject().putObject("SpecialToken").put("id", "[SEP]").put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
        pair.addObject().putObject("SpecialToken").put("id", "[SEP]").put("type_id", 1);
        ObjectNode specials = post.putObject("special_tokens");
        for (String token : List.of("[CLS]", "[SEP]")) {
            ObjectNode s = specials.putObject(token);
            s.put("id", token);
            s.putArray("ids").add(vocab.get(token));
            s.putArray("tokens").add(token);
        }
        root.putObject("decoder").put("type", "WordPiece").put("prefix", "##").put("cleanup", true);
        ObjectNode model = root.putObject("model");
        model.put("type", "WordPiece").put("unk_token", "[UNK]").put("continuing_subword_prefix", "##")
                .put("max_input_chars_per_word", 100);
        ObjectNode v = model.putObject("vocab");
        vocab.forEach(v::put);
        return root.toString();
    }
}
