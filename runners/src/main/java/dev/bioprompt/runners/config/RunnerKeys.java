package dev.bioprompt.runners.config;

/** Keys of the runner. Add a key with one line here; {@link SettingsSchema} finds it. */
public final class RunnerKeys {

    public static final Setting KIND = Setting.choice("runner.kind", "local",
            "where cells run: local (this process) or kubernetes (one Job per cell)", "local", "kubernetes");
    public static final Setting DEVICE = Setting.text("runner.device", "auto",
            "auto (every visible GPU, else the CPU), cpu, gpu, gpu:N, or a list such as gpu:0,gpu:2");

    private RunnerKeys() {
    }
}
