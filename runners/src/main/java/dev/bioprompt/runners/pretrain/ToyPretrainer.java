package dev.bioprompt.runners.pretrain;

import static java.util.Objects.requireNonNull;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bioprompt.api.model.ImageEncodeOptions;
import dev.bioprompt.api.model.ImagePreprocessor;
import dev.bioprompt.api.model.TextPrompt;
import dev.bioprompt.api.model.TokenizedText;
import dev.bioprompt.api.model.VisualPrompts;
import dev.bioprompt.api.nd.OwnedArrays;
import dev.bioprompt.api.nd.ScalarOps;
import dev.bioprompt.api.promptset.SafeTensors;
import dev.bioprompt.api.promptset.Tensor;
import dev.bioprompt.api.task.LabeledImage;
import dev.bioprompt.backbone.BiomedClipModel;
import dev.bioprompt.backbone.OpenClipConfig;
import dev.bioprompt.backbone.RandomWeights;
import dev.bioprompt.backbone.Weights;
import dev.bioprompt.backbone.image.ClipImagePreprocessor;
import dev.bioprompt.backbone.text.BertConfig;
import dev.bioprompt.backbone.text.BiomedTokenizer;
import dev.bioprompt.backbone.vision.VitConfig;
import dev.bioprompt.data.DatasetLoader;
import dev.bioprompt.data.LoadedDataset;
import dev.bioprompt.data.toy.ToyClass;
import dev.bioprompt.data.toy.ToyModality;
import dev.bioprompt.data.toy.ToyWorld;
import dev.bioprompt.io.AtomicFiles;
import dev.bioprompt.io.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Contrastively pretrains a small backbone of the BiomedCLIP architecture (same code path, small sizes) on toy
 * image-caption pairs, and writes it in the released folder layout ({@code open_clip_config.json}, {@code config.json},
 * {@code vocab.txt}, {@code open_clip_model.safetensors}).
 *
 * <p>Pretraining images come from a toy world drawn with a seed different from the default toy world, so the
 * evaluation images of the default toy datasets are never seen. Captions are the class descriptions and the
 * modality templates filled with the class name, never the zero-shot template, which keeps zero-shot accuracy above
 * chance but well below what prompt tuning reaches.
 */
public final class ToyPretrainer {

    private static final float WORD_EMBEDDING_SCALE = 50f;

    private final ToyPretrainOptions options;
    private final Consumer<String> progress;

    public ToyPretrainer(ToyPretrainOptions options, Consumer<String> progress) {
        this.options = requireNonNull(options, "options is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    /**
     * Pretrains and writes the backbone folder. The folder appears complete or not at all.
     *
     * @param output a folder that must not exist yet
     */
    public void pretrain(Path output) throws IOException {
        Path target = output.toAbsolutePath().normalize();
        if (Files.exists(target)) {
            throw new IOException("refusing to overwrite " + target + ": choose a new output folder");
        }
        AtomicFiles.writeFolder(target, AtomicFiles.IfExists.FAIL, model -> {
            // the training images live in the folder being built and are gone before it is published
            Path images = model.resolve("pretraining-images");
            new ToyWorld(options.seed() + 1, new ToyWorld.Options(options.imageSize(), 60, 1, 1)).generate(images);
            List<Pair> pairs = pairs(images);
            writeConfigs(model, pairs);
            train(model, pairs);
            FileTrees.delete(images);
        });
    }

    /** One training image with every caption that may describe it. */
    private record Pair(LabeledImage image, List<String> captions) {
    }

    private List<Pair> pairs(Path root) throws IOException {
        List<Pair> pairs = new ArrayList<>();
        for (ToyModality modality : ToyWorld.modalities()) {
            LoadedDataset dataset = DatasetLoader.load(root, modality.dataset());
            for (LabeledImage image : dataset.train().images()) {
                ToyClass toyClass = modality.classes().get(image.label());
                List<String> captions = new ArrayList<>(toyClass.descriptions());
                for (String template : modality.templates()) {
                    captions.add(template.replace("{}", toyClass.name()));
                }
                pairs.add(new Pair(image, captions));
            }
        }
        return pairs;
    }

    private void writeConfigs(Path dir, List<Pair> pairs) throws IOException {
        List<String> texts = new ArrayList<>();
        pairs.forEach(p -> texts.addAll(p.captions()));
        texts.add("a photo of a .");
        for (ToyModality m : ToyWorld.modalities()) {
            texts.addAll(m.classNames());
            texts.add(m.modality() + " " + m.organ());
        }
        List<String> vocab = ToyVocabulary.build(texts);
        Files.write(dir.resolve("vocab.txt"), vocab);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Map<String, Object> visionCfg = new LinkedHashMap<>();
        visionCfg.put("timm_model_name", "vit_toy_patch16_" + options.imageSize());
        visionCfg.put("timm_model_pretrained", false);
        visionCfg.put("timm_pool", "");
        visionCfg.put("timm_proj", "linear");
        visionCfg.put("image_size", options.imageSize());
        Map<String, Object> textCfg = new LinkedHashMap<>();
        textCfg.put("hf_model_name", "bioprompt/toy-bert-uncased");
        textCfg.put("hf_tokenizer_name", "bioprompt/toy-bert-uncased");
        textCfg.put("hf_proj_type", "mlp");
        textCfg.put("hf_pooler_type", "cls_last_hidden_state_pooler");
        textCfg.put("context_length", options.contextLength());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("model_cfg", Map.of("embed_dim", options.embedDim(), "vision_cfg", visionCfg, "text_cfg", textCfg));
        config.put("preprocess_cfg", Map.of("mean", OpenClipConfig.PREPROCESS_MEAN,
                "std", OpenClipConfig.PREPROCESS_STD));
        config.put("pretraining", Map.of("seed", options.seed(), "steps", options.steps(),
                "batch_size", options.batchSize(), "learning_rate", options.learningRate(),
                "pairs", pairs.size(), "command", "bioprompt pretrain-toy"));
        json.writeValue(dir.resolve("open_clip_config.json").toFile(), config);
        Map<String, Object> bert = new LinkedHashMap<>();
        bert.put("model_type", "bert");
        bert.put("hidden_size", options.width());
        bert.put("num_hidden_layers", options.layers());
        bert.put("num_attention_heads", options.width() / 64);
        bert.put("intermediate_size", 4 * options.width());
        bert.put("hidden_act", "gelu");
        bert.put("hidden_dropout_prob", 0.1);
        bert.put("attention_probs_dropout_prob", 0.1);
        bert.put("layer_norm_eps", 1e-12);
        bert.put("max_position_embeddings", options.contextLength());
        bert.put("type_vocab_size", 2);
        bert.put("vocab_size", vocab.size());
        bert.put("pad_token_id", 0);
        json.writeValue(dir.resolve("config.json").toFile(), bert);
    }

    private void train(Path dir, List<Pair> pairs) throws IOException {
        int w = options.width();
        VitConfig vision = new VitConfig(w, options.layers(), w / 64, 4 * w, 16, options.imageSize() / 16,
                options.embedDim(), 1e-6f);
        try (BiomedTokenizer tokenizer = BiomedTokenizer.open(dir, options.contextLength())) {
            BertConfig text = new BertConfig(tokenizer.vocabSize(), w, options.layers(), w / 64, 4 * w,
                    options.contextLength(), (w + options.embedDim()) / 2, options.embedDim(), 1e-12f, 0.1f);
            NDManager weightManager = NDManager.newBaseManager(Device.cpu());
            Engine.getInstance().setRandomSeed((int) options.seed());
            Weights weights = RandomWeights.create(weightManager, vision, text, options.contextLength());
            Map<String, NDArray> params = new TreeMap<>();
            weights.keys().forEach(k -> params.put(k, weights.get(k, weights.shape(k).getShape())));
            ScalarOps.addi(ScalarOps.muli(params.get(BiomedClipModel.LOGIT_SCALE), 0), Math.log(1 / 0.07));
            // word vectors of unit scale let the token content, not the [CLS] vector, dominate at initialisation;
            // with BERT's 0.02 every caption starts at the same feature and contrastive training collapses
            ScalarOps.muli(params.get(BertConfig.PREFIX + "embeddings.word_embeddings.weight"), WORD_EMBEDDING_SCALE);
            // matrices at 1/sqrt(fan-in) so that attention carries the other tokens into [CLS] from the start
            params.forEach((key, array) -> {
                if (key.endsWith(".weight") && array.getShape().dimension() == 2 && !key.contains("embeddings")) {
                    ScalarOps.muli(array, 1 / Math.sqrt(array.getShape().get(1)) / 0.02);
                }
            });
            ImagePreprocessor preprocessor = new ClipImagePreprocessor(options.imageSize(), OpenClipConfig.clipMean(),
                    OpenClipConfig.clipStd());
            float[][] pixels = new float[pairs.size()][];
            for (int i = 0; i < pairs.size(); i++) {
                pixels[i] = preprocessor.toPixels(pairs.get(i).image().source().load());
            }
            try (BiomedClipModel model = new BiomedClipModel(weights, text, vision, options.contextLength(),
                    tokenizer::tokenize, preprocessor, "toy-pretraining")) {
                params.values().forEach(p -> p.setRequiresGradient(true));
                AdamW adam = new AdamW(weightManager, params, options.learningRate(), 0.01f);
                SplittableRandom random = new SplittableRandom(options.seed());
                for (int step = 0; step < options.steps(); step++) {
                    float loss = step(model, pairs, pixels, random, params, adam);
                    if (step % 20 == 0 || step == options.steps() - 1) {
                        progress.accept(String.format("pretrain-toy step %d/%d loss %.4f", step + 1,
                                options.steps(), loss));
                    }
                }
                params.values().forEach(p -> p.setRequiresGradient(false));
                writeWeights(dir.resolve("open_clip_model.safetensors"), params);
            }
        }
    }

    private float step(BiomedClipModel model, List<Pair> pairs, float[][] pixels, SplittableRandom random,
                       Map<String, NDArray> params, AdamW adam) {
        int batch = Math.min(options.batchSize(), pairs.size());
        int size = options.imageSize();
        float[] images = new float[batch * 3 * size * size];
        List<String> captions = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            int index = random.nextInt(pairs.size());
            System.arraycopy(pixels[index], 0, images, b * 3 * size * size, 3 * size * size);
            List<String> options = pairs.get(index).captions();
            captions.add(options.get(random.nextInt(options.size())));
        }
        TokenizedText tokens = model.tokenize(captions);
        try (NDManager step = NDManager.newBaseManager(Device.cpu())) {
            float value;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray img = model.encodeImage(step, OwnedArrays.of(step, images, new Shape(batch, 3, size, size)),
                        VisualPrompts.none(), ImageEncodeOptions.POOLED).pooled();
                NDArray txt = model.encodeText(step, new TextPrompt(
                        model.wordEmbeddings(step, tokens), tokens.lengths()), false);
                NDArray scale = step.zeros(new Shape()).add(params.get(BiomedClipModel.LOGIT_SCALE)).exp();
                NDArray logits = normalize(img).matMul(normalize(txt).transpose()).mul(scale);
                // symmetric InfoNCE: the i-th image and the i-th caption are the positive pair
                NDArray eye = step.eye(batch);
                NDArray imageLoss = logits.logSoftmax(-1).mul(eye).sum().neg();
                NDArray textLoss = logits.transpose().logSoftmax(-1).mul(eye).sum().neg();
                NDArray loss = ScalarOps.div(imageLoss.add(textLoss), 2.0 * batch);
                value = loss.getFloat();
                collector.backward(loss);
            }
            adam.step();
            NDArray logScale = params.get(BiomedClipModel.LOGIT_SCALE);
            float clamped = Math.min(logScale.getFloat(), (float) Math.log(100));
            ScalarOps.addi(ScalarOps.muli(logScale, 0), clamped);
            return value;
        }
    }

    private static NDArray normalize(NDArray x) {
        return x.div(x.norm(new int[] {-1}, true));
    }

    private static void writeWeights(Path file, Map<String, NDArray> params) throws IOException {
        Map<String, Tensor> tensors = new TreeMap<>();
        params.forEach((k, v) -> tensors.put(k, new Tensor(v.getShape().getShape(), v.toFloatArray())));
        Files.write(file, SafeTensors.write(tensors));
    }

}
