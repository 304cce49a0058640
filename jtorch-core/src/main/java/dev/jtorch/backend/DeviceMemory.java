package dev.jtorch.backend;

/**
 * Memory a device backend owns, held by a {@link dev.jtorch.Storage} in place of host memory. The core
 * never dereferences it; only the backend of the storage's device does.
 */
public interface DeviceMemory {
    /** The device address of the first byte. */
    long address();
}
