package dev.bioprompt.runners.pretrain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A small WordPiece vocabulary in the BiomedCLIP (PubMedBERT) layout for the toy backbone: the special tokens first
 * ({@code [PAD]=0, [UNK]=1, [CLS]=2, [SEP]=3, [MASK]=4}), then punctuation, letters and digits with their
 * {@code ##} continuations (so that any lower-case ASCII word tokenises without {@code [UNK]}), then every whole word
 * of the given texts.
 */
final class ToyVocabulary {

    private static final List<String> SPECIALS = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");

    private ToyVocabulary() {
    }

    /** The vocabulary lines, in id order. */
    static List<String> build(Collection<String> texts) {
        Set<String> tokens = new LinkedHashSet<>(SPECIALS);
        for (char c : "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".toCharArray()) {
            tokens.add(String.valueOf(c));
        }
        for (char c = 'a'; c <= 'z'; c++) {
            tokens.add(String.valueOf(c));
        }
        for (char c = '0'; c <= '9'; c++) {
            tokens.add(String.valueOf(c));
        }
        for (char c = 'a'; c <= 'z'; c++) {
            tokens.add("##" + c);
        }
        for (char c = '0'; c <= '9'; c++) {
            tokens.add("##" + c);
        }
        Set<String> words = new TreeSet<>();
        for (String text : texts) {
            for (String word : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
                if (word.length() > 1) {
                    words.add(word);
                }
            }
        }
        tokens.addAll(words);
        return new ArrayList<>(tokens);
    }
}
