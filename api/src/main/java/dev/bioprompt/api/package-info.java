/**
 * The BioPrompt SPI and the value types shared by every module.
 *
 * <p>Plugin authors implement {@link dev.bioprompt.api.method.PromptMethod} and register it through a
 * {@link dev.bioprompt.api.method.MethodPlugin} listed in {@code META-INF/services}. A method sees the backbone only
 * through {@link dev.bioprompt.api.model.VisionLanguageModel}; it never imports the backbone, tracking or registry
 * modules.
 */
package dev.bioprompt.api;
