/** A pure-Java NumPy {@code .npy}/{@code .npz} reader and writer, and the MedMNIST+ reader built on it. */
package dev.bioprompt.data.npz;
