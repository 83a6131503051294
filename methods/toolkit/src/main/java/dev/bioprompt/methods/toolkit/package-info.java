/**
 * The method toolkit: building blocks for CoOp-style prompt learners (prompt assembly in word-embedding space,
 * context initialisation, the text-feature classifier, description features and the pruned description teacher,
 * feature and loss arithmetic).
 *
 * <p><b>Part of the plugin API.</b> Like {@code dev.bioprompt.api}, this package is published for plugins: a plugin
 * depends on {@code dev.bioprompt:bioprompt-method-toolkit} with scope {@code provided} (the plugin parent POM does),
 * the platform ships it, and the plugin class loader exposes it, so a plugin's jar alone is enough in
 * {@code plugins/} and must not bundle it.
 *
 * <p><b>Stability.</b> It follows the SPI version of the api ({@link dev.bioprompt.api.method.MethodPlugin#SPI_VERSION}):
 * within one SPI version, public types and members are only added, never removed or changed incompatibly; a change
 * that would break a compiled plugin comes with a new SPI version, which the plugin loader enforces.
 */
package dev.bioprompt.methods.toolkit;
