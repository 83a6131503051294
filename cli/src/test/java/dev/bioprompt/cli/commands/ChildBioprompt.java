package dev.bioprompt.cli.commands;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starting {@code bioprompt} in a child JVM from a test: the command line and a clean environment. */
final class ChildBioprompt {

    private static final List<String> ENGINE_PROPERTIES = List.of("ai.djl.offline", "DJL_CACHE_DIR",
            "ai.djl.pytorch.num_threads", "ai.djl.pytorch.num_interop_threads");

    private ChildBioprompt() {
    }

    /** {@code java -Xmx<heap> -Xmn256m <this JVM's engine properties> -cp <class path> <main class>}. */
    static List<String> command(String maxHeap) {
        return command(maxHeap, List.of());
    }

    /** {@link #command(String)} with {@code extra} after this JVM's class path. */
    static List<String> command(String maxHeap, List<Path> extra) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xmx" + maxHeap, "-Xmn256m"));
        for (String property : ENGINE_PROPERTIES) {
            String value = System.getProperty(property);
            if (value != null) {
                command.add("-D" + property + "=" + value);
            }
        }
        StringBuilder classPath = new StringBuilder(System.getProperty("java.class.path"));
        extra.forEach(path -> classPath.append(File.pathSeparator).append(path));
        command.addAll(List.of("-cp", classPath.toString(), "dev.bioprompt.cli.Bioprompt"));
        return command;
    }

    /**
     * Removes this machine's {@code BIOPROMPT_*}, {@code MLFLOW_*} and {@code AWS_*} variables from a child's
     * environment, and gives it {@code cache} as its cache folder and this JVM's DJL cache.
     */
    static void cleanEnvironment(Map<String, String> env, Path cache) {
        env.keySet().removeIf(k -> k.startsWith("BIOPROMPT_") || k.startsWith("MLFLOW_") || k.startsWith("AWS_"));
        env.put("BIOPROMPT_CACHE_DIR", cache.toString());
        if (System.getProperty("DJL_CACHE_DIR") != null) {
            env.put("DJL_CACHE_DIR", System.getProperty("DJL_CACHE_DIR"));
        }
    }
}
