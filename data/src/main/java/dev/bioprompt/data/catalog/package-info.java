/** The dataset catalogue: class names, templates, and base/novel halves of every known dataset (method presets live in the method plugins). */
package dev.bioprompt.data.catalog;
