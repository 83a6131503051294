package dev.bioprompt.cli.reproduce;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.promptset.PromptSet;
import dev.bioprompt.api.promptset.PromptSetManifest;
import dev.bioprompt.api.promptset.Tensor;
import dev.bioprompt.backbone.io.StateDict;
import dev.bioprompt.backbone.io.StateDictReader;
import dev.bioprompt.backbone.io.StateTensor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Converts a prompt-learner checkpoint saved by the authors' Dassl trainers ({@code prompt_learner/model.pth.tar-N}:
 * a {@code torch.save} dict of {@code state_dict}, {@code epoch}, {@code optimizer} and {@code scheduler}) into a
 * BioPrompt prompt set.
 *
 * <p>CoOp and BioVLM save their prompt learner ({@code ctx}, {@code token_prefix}, {@code token_suffix});
 * BiomedCoOp, Biomed-DPT and OGKD register their whole model, so the same tensors appear as
 * {@code prompt_learner.ctx} and so on beside the frozen backbone. Only the learned context is taken: the unified
 * {@code ctx} [n_ctx, width] (BioPrompt's {@code ctx}), or BioVLM's bank [members, n_ctx, width] (BioPrompt's
 * {@code bank}); the prefix and suffix buffers are the frozen token embeddings of the class prompts, which BioPrompt
 * recomputes from the class names, and their class dimension is checked against the number of class names. The
 * file is read by the restricted unpickler, which never runs code from it.
 */
public final class DasslPromptImport {

    /** Methods whose Dassl state dicts map onto a BioPrompt prompt set. */
    public static final List<String> SUPPORTED = List.of("coop", "biomedcoop", "biomed-dpt", "ogkd", "biovlm");

    private DasslPromptImport() {
    }

    /**
     * Reads the checkpoint and builds the prompt set.
     *
     * @param method {@code coop} or {@code biomedcoop}
     * @param classNames the dataset's class names, in label order (the checkpoint does not hold them)
     * @param backboneFingerprint the fingerprint of the backbone the prompts are for
     * @param presets the method's parameters for the dataset and protocol (n-ctx is taken from the checkpoint)
     * @throws IOException naming the file and the keys found when the checkpoint does not fit the method
     */
    public static PromptSet read(Path checkpoint, String method, String dataset, List<String> classNames,
                                 String backboneFingerprint, Map<String, String> presets) throws IOException {
        requireNonNull(checkpoint, "checkpoint is null");
        requireNonNull(classNames, "classNames is null");
        if (!SUPPORTED.contains(method)) {
            throw new IllegalArgumentException("importing Dassl checkpoints of method '" + method
                    + "' is not supported; supported: " + SUPPORTED);
        }
        StateDict state = StateDictReader.read(checkpoint);
        StateTensor ctx = find(state, "ctx").orElseThrow(() -> new IOException(checkpoint + ": no 'ctx' or "
                + "'prompt_learner.ctx' tensor; found " + keys(state) + " (is this a " + method
                + " prompt_learner checkpoint?)"));
        long[] shape = ctx.shape();
        boolean bank = method.equals("biovlm");
        if (shape.length != (bank ? 3 : 2)) {
            throw new IOException(checkpoint + ": 'ctx' has shape " + Arrays.toString(shape) + "; expected "
                    + (bank ? "BioVLM's bank [members, n_ctx, width]" : "a unified context [n_ctx, width] (CSC False)"));
        }
        Optional<StateTensor> prefix = find(state, "token_prefix");
        if (prefix.isPresent() && prefix.get().shape().length >= 3) {
            long[] p = prefix.get().shape();
            long classes = p[p.length - 3];
            if (classes != classNames.size()) {
                throw new IOException(checkpoint + ": the prompt learner was built for " + classes
                        + " classes (token_prefix " + Arrays.toString(p) + ") but " + classNames.size()
                        + " class names were given: " + classNames);
            }
        }
        Map<String, String> parameters = new LinkedHashMap<>(presets);
        parameters.put("n-ctx", Long.toString(shape[bank ? 1 : 0]));
        if (bank) {
            parameters.put("bank-size", Long.toString(shape[0]));
        }
        if (method.equals("coop")) {
            parameters.put("csc", "false");
            parameters.put("class-token-position", "end");
        }
        PromptSetManifest manifest = new PromptSetManifest(PromptSetManifest.FORMAT_VERSION, method, parameters,
                backboneFingerprint, dataset, classNames, List.of(), Map.of(), "dassl:" + checkpoint.getFileName(),
                Instant.now().toString(), Map.of());
        return new PromptSet(manifest, Map.of(bank ? "bank" : "ctx", new Tensor(shape.clone(), ctx.toFloats())));
    }

    private static Optional<StateTensor> find(StateDict state, String name) {
        return state.find(name).or(() -> state.find("prompt_learner." + name));
    }

    private static String keys(StateDict state) {
        List<String> k = state.keys().stream().sorted().limit(12).toList();
        return k + (state.size() > 12 ? " and " + (state.size() - 12) + " more" : "");
    }
}
