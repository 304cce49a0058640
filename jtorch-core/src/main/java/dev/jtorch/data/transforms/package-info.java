/**
 * Image transforms ({@code torchvision.transforms} 0.14 for tensor images): {@link
 * dev.jtorch.data.transforms.ToTensor}, {@link dev.jtorch.data.transforms.Normalize}, {@link
 * dev.jtorch.data.transforms.RandomHorizontalFlip}, {@link dev.jtorch.data.transforms.RandomCrop} and
 * {@link dev.jtorch.data.transforms.Compose}.
 *
 * <p>The random ones make the same generator calls as torchvision ({@code torch.rand(1)} for the flip,
 * two {@code torch.randint} for the crop position, none when the crop is the whole image) on
 * {@link dev.jtorch.data.WorkerInfo#generator()}, so after {@code Torch.manualSeed(s)} they pick what
 * torchvision picks. The values are bit for bit torchvision's for tensors; the conformance data
 * ({@code conformance/gen_data.py}) re-enacts torchvision's code with PyTorch 1.13, as torchvision is not
 * installed there. torchvision's PIL path gives the same numbers for ToTensor (uint8 / 255 in float32).
 * Transforms take tensors only: an H x W x C image goes through {@code ToTensor} first.
 */
package dev.jtorch.data.transforms;
