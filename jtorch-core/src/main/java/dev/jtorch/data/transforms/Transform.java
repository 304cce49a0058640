package dev.jtorch.data.transforms;

import java.util.function.UnaryOperator;

import dev.jtorch.Tensor;

/**
 * An image transform ({@code torchvision.transforms}): a function from tensor to tensor, so a lambda is
 * one ({@code transforms.Lambda}). Images are tensors of shape [..., H, W] (torchvision's tensor
 * convention), except for {@link ToTensor}'s input, an H x W (x C) image as a dataset yields it.
 *
 * <p>Random transforms draw from {@link dev.jtorch.data.WorkerInfo#generator()}: the default generator,
 * or inside a DataLoader worker that worker's generator, making the same calls on it as torchvision.
 */
@FunctionalInterface
public interface Transform extends UnaryOperator<Tensor> {
}
