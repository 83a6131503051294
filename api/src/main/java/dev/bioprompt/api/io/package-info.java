/** Bounded, checked reading of untrusted checkpoint and prompt-set files (safetensors headers, read budgets). */
package dev.bioprompt.api.io;
