/**
 * The training and evaluation engine: the reference learning-rate schedule ({@link
 * dev.bioprompt.runners.engine.LearningRateSchedule}), torch-equivalent SGD ({@link
 * dev.bioprompt.runners.engine.TorchSgd}), reference batching ({@link dev.bioprompt.runners.engine.Batches}), the
 * epoch loop with checkpoints and exact resume ({@link dev.bioprompt.runners.engine.TrainingEngine}), evaluation with
 * cached frozen features ({@link dev.bioprompt.runners.engine.Evaluator}, {@link
 * dev.bioprompt.runners.engine.ProtocolEvaluator}) and one whole method run ({@link
 * dev.bioprompt.runners.engine.MethodRun}).
 */
package dev.bioprompt.runners.engine;
