package dev.bioprompt.methods.toolkit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.bioprompt.api.method.ClassDescriptions;
import dev.bioprompt.api.model.VisionLanguageModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Teacher text features of the LLM descriptions, computed once with the frozen model in inference mode (no
 * dropout), as the reference's separate frozen copy does.
 */
public final class DescriptionFeatures {

    /** Texts are encoded in chunks of this many to bound memory. */
    private static final int CHUNK = 64;

    private DescriptionFeatures() {
    }

    /**
     * The first {@code limit} descriptions of every class.
     *
     * @throws IllegalArgumentException naming a class without descriptions and the description source
     */
    public static List<List<String>> firstOf(ClassDescriptions descriptions, List<String> classNames, int limit) {
        List<List<String>> texts = new ArrayList<>(classNames.size());
        for (String name : classNames) {
            List<String> sentences = descriptions.of(name);
            texts.add(sentences.subList(0, Math.min(limit, sentences.size())));
        }
        return texts;
    }

    /**
     * The L2-normalised feature of every text, per class.
     *
     * @param manager owns the result
     * @return one {@code [n_c, D]} array per class
     */
    public static List<NDArray> normalized(VisionLanguageModel model, NDManager manager, List<List<String>> texts) {
        List<String> flat = new ArrayList<>();
        texts.forEach(flat::addAll);
        NDList chunks = new NDList();
        for (int start = 0; start < flat.size(); start += CHUNK) {
            List<String> chunk = flat.subList(start, Math.min(flat.size(), start + CHUNK));
            chunks.add(FeatureMath.normalize(model.encodeText(manager, model.tokenize(chunk))));
        }
        NDArray all = chunks.size() == 1 ? chunks.head() : NDArrays.concat(chunks, 0);
        List<NDArray> perClass = new ArrayList<>(texts.size());
        int offset = 0;
        for (List<String> classTexts : texts) {
            perClass.add(all.get("{}:{}", offset, offset + classTexts.size()));
            offset += classTexts.size();
        }
        return perClass;
    }

    /** {@code norm(mean_i g_{c,i})} per class, {@code [C, D]}, in the manager of the first class's features. */
    public static NDArray classMeans(List<NDArray> perClass) {
        NDList means = new NDList();
        perClass.forEach(features -> means.add(features.mean(new int[] {0})));
        return FeatureMath.normalize(NDArrays.stack(means, 0));
    }
}
