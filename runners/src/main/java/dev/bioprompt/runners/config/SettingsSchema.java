package dev.bioprompt.runners.config;

import static java.util.Objects.requireNonNull;

import dev.bioprompt.api.method.MethodParameter;
import dev.bioprompt.api.method.PromptMethod;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every configuration key the platform reads, declared once: the platform's areas (each a class of {@link Setting}
 * constants, listed in {@link #AREAS}) plus {@code method.<name>.<parameter>} for every declared
 * {@link MethodParameter} of the loaded methods. Keys outside it are refused.
 *
 * <p>To add a key, declare a {@code public static final Setting} in its area's class; to add an area, add its class
 * to {@link #AREAS}.
 */
public final class SettingsSchema {

    /** The classes whose {@code public static final Setting} fields are the platform's keys. */
    public static final List<Class<?>> AREAS = List.of(PlatformKeys.class, TrackingKeys.class, RegistryKeys.class,
            RunnerKeys.class, KubernetesKeys.class, DataKeys.class, TrainKeys.class, SweepKeys.class, EngineKeys.class);

    private static final SettingsSchema PLATFORM = new SettingsSchema(collect(AREAS));

    private final Map<String, Setting> settings;

    private SettingsSchema(Map<String, Setting> settings) {
        this.settings = new TreeMap<>(settings);
    }

    /** The platform's keys, without method parameters. */
    public static SettingsSchema platform() {
        return PLATFORM;
    }

    /** This schema plus {@code method.<name>.<parameter>} for every parameter the methods declare. */
    public SettingsSchema withMethods(Collection<PromptMethod> methods) {
        Map<String, Setting> all = new TreeMap<>(settings);
        for (PromptMethod method : methods) {
            for (MethodParameter p : method.parameters()) {
                Setting s = methodSetting(method, p);
                all.put(s.key(), s);
            }
        }
        return new SettingsSchema(all);
    }

    /** The setting of one method parameter. */
    public static Setting methodSetting(PromptMethod method, MethodParameter p) {
        String key = "method." + method.name() + "." + p.key();
        String description = p.description();
        String defaultValue = String.valueOf(p.defaultValue());
        return switch (p.type()) {
            case INTEGER -> Setting.integer(key, null, description).withRange(p.range()).withDefault(defaultValue);
            case REAL -> Setting.real(key, null, description).withRange(p.range()).withDefault(defaultValue);
            case BOOLEAN -> Setting.flag(key, null, description).withDefault(defaultValue);
            case TEXT -> Setting.text(key, defaultValue, description);
            case CHOICE -> Setting.choice(key, defaultValue, description, p.choices().toArray(String[]::new));
        };
    }

    /** The setting of a key (a {@link SettingType#MAP} setting for an entry below it). */
    public Optional<Setting> find(String key) {
        Setting exact = settings.get(key);
        if (exact != null) {
            return Optional.of(exact);
        }
        return settings.values().stream().filter(s -> s.type() == SettingType.MAP && s.matches(key)).findFirst();
    }

    /** Every setting, sorted by key. */
    public List<Setting> all() {
        return List.copyOf(settings.values());
    }

    /** Up to {@code limit} known keys closest to {@code key} by edit distance (and sharing its first segment). */
    public List<String> closest(String key, int limit) {
        record Scored(String key, int distance) {
        }
        List<Scored> scored = new ArrayList<>();
        for (String known : settings.keySet()) {
            int d = editDistance(key, known);
            int threshold = Math.max(2, Math.min(key.length(), known.length()) / 3);
            String lastSegment = key.substring(key.lastIndexOf('.') + 1);
            boolean sameLeaf = known.endsWith("." + lastSegment) || known.equals(lastSegment);
            if (d <= threshold || sameLeaf) {
                scored.add(new Scored(known, sameLeaf ? Math.min(d, threshold) : d));
            }
        }
        scored.sort(Comparator.comparingInt(Scored::distance).thenComparing(Scored::key));
        return scored.stream().limit(limit).map(Scored::key).toList();
    }

    /** The Levenshtein distance of two strings. */
    public static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static Map<String, Setting> collect(List<Class<?>> areas) {
        Map<String, Setting> out = new TreeMap<>();
        for (Class<?> area : areas) {
            for (Field f : area.getDeclaredFields()) {
                int m = f.getModifiers();
                if (Modifier.isStatic(m) && Modifier.isPublic(m) && f.getType() == Setting.class) {
                    try {
                        Setting s = requireNonNull((Setting) f.get(null), f.getName());
                        if (out.put(s.key(), s) != null) {
                            throw new IllegalStateException("setting '" + s.key() + "' is declared twice");
                        }
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return out;
    }
}
