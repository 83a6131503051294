package dev.bioprompt.runners.engine;

import ai.djl.Device;
import dev.bioprompt.api.model.ModelDimensions;
import java.util.Locale;
import java.util.Optional;

/**
 * How many images one evaluation encoder call takes and how many bytes of evaluation features are cached: the
 * settings {@code eval.batch-size} and {@code eval.feature-cache-size}, each {@code auto} or a number.
 *
 * <p>{@code auto} sizes both from the device's free memory: the batch from an estimate of one image's activation
 * memory in the image tower (a quarter of the free memory at most; on the CPU never above the reference's 100, on
 * a GPU up to 512), the cache from a quarter of the free memory (at most 4 GiB on the CPU). Evaluation results do not
 * depend on the batch size.
 *
 * @param batchSize images per encoder call
 * @param featureCacheBytes the most bytes of cached evaluation features
 */
public record EvaluationBudget(int batchSize, long featureCacheBytes) {

    /** The batch size setting's key. */
    public static final String BATCH_KEY = "eval.batch-size";
    /** The feature cache setting's key. */
    public static final String CACHE_KEY = "eval.feature-cache-size";

    private static final long GIB = 1L << 30;
    private static final int GPU_MAX_BATCH = 512;

    public EvaluationBudget {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("'" + BATCH_KEY + "' must be positive, was " + batchSize);
        }
        if (featureCacheBytes < 0) {
            throw new IllegalArgumentException("'" + CACHE_KEY + "' must not be negative, was " + featureCacheBytes);
        }
    }

    /** The reference's batch of 100 and a 1 GiB cache. */
    public static EvaluationBudget reference() {
        return new EvaluationBudget(MethodRun.EVALUATION_BATCH_SIZE, MethodRun.FEATURE_CACHE_BYTES);
    }

    /**
     * The budget for the settings on a device.
     *
     * @param batchSetting {@code auto} or a positive integer
     * @param cacheSetting {@code auto} or a size ({@code 512m}, {@code 2g}, a byte count)
     * @param freeBytes the device's free memory, when known
     * @throws IllegalArgumentException naming the key when a value is malformed
     */
    public static EvaluationBudget choose(String batchSetting, String cacheSetting, Device device,
                                          Optional<Long> freeBytes, ModelDimensions dimensions) {
        int batch = isAuto(batchSetting) ? autoBatch(device, freeBytes, dimensions)
                : parsePositiveInt(BATCH_KEY, batchSetting);
        long cache = isAuto(cacheSetting) ? autoCache(device, freeBytes) : parseSize(CACHE_KEY, cacheSetting);
        return new EvaluationBudget(batch, cache);
    }

    /**
     * An estimate of one image's peak activation memory in the image tower (float32): the widest per-token tensor
     * (the MLP's 4x width) plus one layer's attention matrices, twice over for temporaries.
     */
    static long bytesPerImage(ModelDimensions dimensions) {
        long tokens = (long) (dimensions.imageSize() / 16) * (dimensions.imageSize() / 16) + 1;
        long width = dimensions.visionWidth();
        long heads = Math.max(1, width / 64);
        return 2L * Float.BYTES * tokens * (4 * width + heads * tokens);
    }

    private static int autoBatch(Device device, Optional<Long> freeBytes, ModelDimensions dimensions) {
        int cap = device.isGpu() ? GPU_MAX_BATCH : MethodRun.EVALUATION_BATCH_SIZE;
        if (freeBytes.isEmpty()) {
            return MethodRun.EVALUATION_BATCH_SIZE;
        }
        long fit = freeBytes.get() / 4 / bytesPerImage(dimensions);
        return (int) Math.max(1, Math.min(cap, fit));
    }

    private static long autoCache(Device device, Optional<Long> freeBytes) {
        if (freeBytes.isEmpty()) {
            return MethodRun.FEATURE_CACHE_BYTES;
        }
        long quarter = freeBytes.get() / 4;
        return device.isGpu() ? quarter : Math.min(4 * GIB, quarter);
    }

    private static boolean isAuto(String value) {
        return value == null || value.isBlank() || value.trim().equalsIgnoreCase("auto");
    }

    private static int parsePositiveInt(String key, String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("configuration key '" + key + "' expects auto or a positive integer, was '"
                + value + "'");
    }

    /** {@code 1024}, {@code 512k}, {@code 512m}, {@code 2g} (binary units). */
    static long parseSize(String key, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (v.endsWith("k") || v.endsWith("m") || v.endsWith("g")) {
            unit = switch (v.charAt(v.length() - 1)) {
                case 'k' -> 1L << 10;
                case 'm' -> 1L << 20;
                default -> GIB;
            };
            v = v.substring(0, v.length() - 1);
        }
        try {
            long n = Long.parseLong(v);
            if (n >= 0) {
                return Math.multiplyExact(n, unit);
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below
        }
        throw new IllegalArgumentException("configuration key '" + key + "' expects auto or a size such as 512m or 2g,"
                + " was '" + value + "'");
    }
}
