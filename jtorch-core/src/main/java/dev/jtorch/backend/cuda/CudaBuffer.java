package dev.jtorch.backend.cuda;

import dev.jtorch.backend.DeviceMemory;

/**
 * A block of device memory behind a CUDA storage. New storages must read as zeros (the CPU allocator
 * zero-fills and the op layer relies on it), but most are overwritten whole by the kernel that made them,
 * so the zeroing is deferred: {@link CudaBackend} clears the block only before something reads it or
 * writes part of it, and skips it when a kernel writes every byte.
 */
final class CudaBuffer implements DeviceMemory {
    final long address;
    final long byteSize;     // what the storage asked for (the block may be larger)
    final CudaDevice device;
    boolean zeroPending;

    CudaBuffer(long address, long byteSize, CudaDevice device, boolean zeroPending) {
        this.address = address;
        this.byteSize = byteSize;
        this.device = device;
        this.zeroPending = zeroPending;
    }

    @Override public long address() { return address; }
}
