/**
 * The BioPrompt SPI and the value types shared by every module.
 *
 * <p>Plugin authors implement {@link dev.bioprompt.api.method.PromptMethod} and register it through a
 * {@link dev.bioprompt.api.method.MethodPlugin} listed in {@code META-INF/services}. A method sees the backbone only
 * through {@link dev.bioprompt.api.model.VisionLanguageModel}; it never imports the backbone, tracking or registry
 * modules, and at run time it cannot: a plugin jar's class loader exposes only the plugin API, which is this api, the
 * method toolkit ({@code dev.bioprompt.methods.toolkit}), DJL's api, Guice and slf4j. Plugins depend on the api with
 * scope {@code provided}; the SPI version ({@link dev.bioprompt.api.method.MethodPlugin#SPI_VERSION}) is compiled into
 * each plugin and checked when it loads.
 */
package dev.bioprompt.api;
