/** The synthetic toy world: small, seeded, byte-reproducible imaging datasets in both on-disk formats. */
package dev.bioprompt.data.toy;
