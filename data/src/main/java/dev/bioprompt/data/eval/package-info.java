/** Evaluation metrics: accuracy, per-class accuracy, macro F1, confusion matrix (values and PNG), harmonic mean. */
package dev.bioprompt.data.eval;
