/** Seeded, reproducible image augmentations and the prefetching batch loader. */
package dev.bioprompt.data.augment;
