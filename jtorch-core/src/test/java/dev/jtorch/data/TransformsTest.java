package dev.jtorch.data;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.data.transforms.Compose;
import dev.jtorch.data.transforms.Normalize;
import dev.jtorch.data.transforms.RandomCrop;
import dev.jtorch.data.transforms.RandomHorizontalFlip;
import dev.jtorch.data.transforms.ToTensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Transform argument checks, with torchvision's messages, and how they treat their input. */
class TransformsTest {
    @Test
    void normalizeChecks() {
        assertEquals("Input tensor should be a float tensor. Got torch.uint8.", assertThrows(IllegalArgumentException.class,
                () -> new Normalize(0.5, 0.5).apply(Torch.zeros(new long[] {1, 2, 2}, DType.UINT8))).getMessage());
        assertEquals("Expected tensor to be a tensor image of size (..., C, H, W). Got tensor.size() = [2, 2]",
                assertThrows(IllegalArgumentException.class, () -> new Normalize(0.5, 0.5).apply(Torch.zeros(2, 2))).getMessage());
        assertEquals("std evaluated to zero after conversion to torch.float32, leading to division by zero.",
                assertThrows(IllegalArgumentException.class, () -> new Normalize(0.5, 1e-50).apply(Torch.zeros(1, 2, 2))).getMessage());
    }

    @Test
    void toTensorChecks() {
        assertEquals("pic should be 2/3 dimensional. Got 1 dimensions.",
                assertThrows(IllegalArgumentException.class, () -> new ToTensor().apply(Torch.zeros(3))).getMessage());
        Tensor img = Torch.tensor(new long[] {0, 255, 51, 102}).to(DType.UINT8).view(2, 2);
        Tensor t = new ToTensor().apply(img);
        assertArrayEquals(new long[] {1, 2, 2}, t.shape());
        assertArrayEquals(new float[] {0f, 1f, 0.2f, 0.4f}, t.toFloatArray());
    }

    @Test
    void randomCropChecks() {
        assertEquals("Required crop size (5, 5) is larger than input image size (4, 4)", assertThrows(IllegalArgumentException.class,
                () -> new RandomCrop(5).apply(Torch.zeros(4, 4))).getMessage());
        assertEquals("Padding mode should be either constant, edge, reflect or symmetric", assertThrows(IllegalArgumentException.class,
                () -> new RandomCrop(new int[] {2}, new int[] {1}, false, 0, "wrap")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RandomCrop(new int[] {2}, new int[] {1, 2, 3}, false, 0, "constant"));
        assertThrows(IllegalArgumentException.class, () -> new RandomCrop(new int[] {2}, new int[] {4}, false, 0, "reflect").apply(Torch.zeros(1, 4, 4)));
        assertEquals("Tensor is not a torch image.",
                assertThrows(IllegalArgumentException.class, () -> new RandomCrop(1).apply(Torch.zeros(3))).getMessage());
    }

    @Test
    void flipCertainAndNever() {
        Tensor img = Torch.arange(0.0, 6.0, 1.0, DType.FLOAT32).view(1, 2, 3);
        assertArrayEquals(new float[] {2, 1, 0, 5, 4, 3}, new RandomHorizontalFlip(1.0).apply(img).toFloatArray());
        assertArrayEquals(img.toFloatArray(), new RandomHorizontalFlip(0.0).apply(img).toFloatArray());
        Tensor u8 = Torch.tensor(new long[] {1, 2, 3, 4}).to(DType.UINT8).view(2, 2).transpose(0, 1);
        Tensor flipped = new RandomHorizontalFlip(1.0).apply(u8);
        assertEquals(DType.UINT8, flipped.dtype());
        assertArrayEquals(new long[] {3, 1, 4, 2}, flipped.toLongArray());
    }

    @Test
    void composeRepr() {
        assertEquals("Compose(\n    ToTensor()\n    RandomHorizontalFlip(p=0.5)\n)",
                new Compose(new ToTensor(), new RandomHorizontalFlip()).toString());
    }
}
