package dev.jtorch.backend.cuda;

import dev.jtorch.DType;
import dev.jtorch.Device;
import dev.jtorch.Storage;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a machine without CUDA sees, and the device API's CPU behaviour (runs everywhere). */
class CudaUnavailableTest {

    @Test void withoutCudaToCudaNamesWhatIsMissing() {
        Assumptions.assumeFalse(Torch.cuda.isAvailable(), "CUDA is available here");
        assertEquals(0, Torch.cuda.deviceCount());
        String reason = Torch.cuda.unavailableReason();
        assertNotNull(reason);
        assertTrue(reason.startsWith("CUDA is not available"), reason);
        assertTrue(reason.contains("libcuda") || reason.contains("libnvrtc") || reason.contains("device"), reason);
        Tensor x = Torch.tensor(new float[] {1, 2});
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> x.to("cuda"));
        assertEquals(reason, e.getMessage());
        assertThrows(IllegalStateException.class, x::cuda);
        assertThrows(IllegalStateException.class, () -> Torch.zeros(new long[] {2}, DType.FLOAT32, Device.of("cuda:0")));
        assertThrows(IllegalStateException.class, Torch.cuda::synchronize);
        // harmless queries stay harmless
        assertEquals(0, Torch.cuda.memoryAllocated());
        assertEquals(0, Torch.cuda.memoryReserved());
        Torch.cuda.emptyCache();
        Torch.cuda.manualSeed(1);
    }

    @Test void cpuTensorsStayWhereTheyAre() {
        Tensor x = Torch.tensor(new double[] {1, 2, 3});
        assertSame(x, x.to("cpu"));
        assertSame(x, x.cpu());
        assertSame(x, x.to(Device.CPU));
        assertFalse(x.isCuda());
        assertEquals(Device.CPU, x.device());
        Tensor y = x.to(Device.CPU, DType.FLOAT32);
        assertEquals(DType.FLOAT32, y.dtype());
        assertEquals(Device.CPU, Torch.zeros(new long[] {2}, DType.INT64, Device.CPU).device());
        assertEquals(Device.CPU, Torch.rand(new long[] {2}, Device.CPU).device());
        assertEquals(Device.of("cuda:1"), Torch.device("cuda:1"));
    }

    @Test void cpuCreationWithDeviceMatchesPlainCreation() {
        Torch.manualSeed(7);
        float[] a = Torch.rand(new long[] {5}, DType.FLOAT32, null, Device.CPU).toFloatArray();
        Torch.manualSeed(7);
        float[] b = Torch.rand(5).toFloatArray();
        org.junit.jupiter.api.Assertions.assertArrayEquals(b, a);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {2.5f, 2.5f},
                Torch.full(new long[] {2}, 2.5, DType.FLOAT32, Device.CPU).toFloatArray());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new long[] {1, 1, 1},
                Torch.ones(new long[] {3}, DType.INT64, Device.CPU).toLongArray());
    }

    @Test void deviceStorageRefusesHostAccess() {
        Storage s = new Storage(() -> 0x1000L, 16, new Device(Device.Type.CUDA, 0));
        assertNull(s.array());
        assertNotNull(s.deviceMemory());
        Tensor t = new Tensor(s, new long[] {4}, new long[] {1}, 0, DType.FLOAT32);
        IllegalStateException e = assertThrows(IllegalStateException.class, t::segment);
        assertTrue(e.getMessage().startsWith("tensor is on cuda:0; call .cpu() first"), e.getMessage());
        assertTrue(t.isCuda());
        assertEquals("cuda:0", t.device().toString());
    }

    @Test void tf32SwitchDefaultsOff() {
        assertFalse(Torch.backends.cuda.matmul.allowTf32());
        try {
            Torch.backends.cuda.matmul.allowTf32(true);
            assertTrue(Torch.backends.cuda.matmul.allowTf32());
        } finally {
            Torch.backends.cuda.matmul.allowTf32(false);
        }
    }

    @Test void libraryLoaderNamesTheLibraryAndThePlacesLookedIn() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> NativeLibs.load("libjtorch-missing",
                java.util.List.of("libjtorch-missing.so"), java.util.List.of(java.nio.file.Path.of("/nonexistent/lib64"))));
        assertTrue(e.getMessage().contains("libjtorch-missing"), e.getMessage());
        assertTrue(e.getMessage().contains("/nonexistent/lib64"), e.getMessage());
        assertTrue(e.getMessage().contains("CUDA_HOME"), e.getMessage());
    }

    @Test void toolkitDirsIncludeTheUsualPlaces() {
        java.util.List<String> dirs = NativeLibs.toolkitDirs().stream().map(java.nio.file.Path::toString).toList();
        assertTrue(dirs.contains("/usr/local/cuda/lib64"), dirs.toString());
        assertTrue(dirs.contains("/usr/lib/x86_64-linux-gnu"), dirs.toString());
    }
}
