/** The dataset catalogue: class names, templates, base/novel halves and per-method presets of every known dataset. */
package dev.bioprompt.data.catalog;
