/** Reference-compatible few-shot sampling (a CPython {@code random} port) and the base-to-novel class split. */
package dev.bioprompt.data.sampling;
