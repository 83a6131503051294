package dev.bioprompt.api.model;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * Token ids of a batch of texts, padded to the model's context length.
 *
 * @param ids one row per text, each exactly context-length long ({@code [CLS] ... [SEP] [PAD]...})
 * @param lengths the number of real (non-padding) tokens per row, {@code [CLS]} and {@code [SEP]} included
 */
public record TokenizedText(long[][] ids, int[] lengths) {
    public TokenizedText {
        requireNonNull(ids, "ids is null");
        requireNonNull(lengths, "lengths is null");
        if (ids.length != lengths.length) {
            throw new IllegalArgumentException("ids has " + ids.length + " rows but lengths has " + lengths.length);
        }
    }

    /** Number of texts. */
    public int size() {
        return ids.length;
    }

    /** The longest real length in the batch. */
    public int maxLength() {
        return Arrays.stream(lengths).max().orElse(0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenizedText t && Arrays.deepEquals(ids, t.ids) && Arrays.equals(lengths, t.lengths);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.deepHashCode(ids) + Arrays.hashCode(lengths);
    }

    @Override
    public String toString() {
        return "TokenizedText[" + ids.length + " texts, max length " + maxLength() + "]";
    }
}
