/** The BiomedCoOp split-file format. */
package dev.bioprompt.data.split;
