/** Dataset readers (BiomedCoOp split files with image folders, MedMNIST+ .npz), the loader and the {@link dev.bioprompt.data.TaskBuilder} that turns a dataset root into a {@code FewShotTask}. */
package dev.bioprompt.data;
