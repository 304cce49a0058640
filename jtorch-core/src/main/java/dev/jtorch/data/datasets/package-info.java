/**
 * Datasets read from files: {@link dev.jtorch.data.datasets.MNIST} and
 * {@link dev.jtorch.data.datasets.FashionMNIST} ({@code torchvision.datasets}, without downloading), and the
 * {@link dev.jtorch.data.datasets.Idx} reader of their file format, which checks every declared size
 * against the file before allocating.
 */
package dev.jtorch.data.datasets;
