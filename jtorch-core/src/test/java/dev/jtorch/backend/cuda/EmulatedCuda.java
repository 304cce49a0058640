package dev.jtorch.backend.cuda;

import dev.jtorch.DType;
import dev.jtorch.Device;
import dev.jtorch.Storage;
import dev.jtorch.Tensor;
import dev.jtorch.backend.Backend;
import dev.jtorch.backend.BinaryOp;
import dev.jtorch.backend.DeviceMemory;
import dev.jtorch.backend.ReduceOp;
import dev.jtorch.backend.ScanOp;
import dev.jtorch.backend.UnaryOp;
import dev.jtorch.backend.cpu.CpuBackend;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A stand-in for cuda:0 on machines without a GPU: storages are tagged with the CUDA device and hold
 * {@link DeviceMemory} (so Java reads of their memory fail as on a real GPU), and every kernel is the CPU
 * kernel over the same bytes. It checks the op layer's device handling and the GPU test harness, not
 * CUDA kernels: a run on a GPU is still needed for those. Install with {@link #install()}.
 */
final class EmulatedCuda implements Backend {
    static final Device CUDA0 = new Device(Device.Type.CUDA, 0);
    private static final CpuBackend CPU = CpuBackend.INSTANCE;

    /** Off-heap bytes standing for device memory, and a CPU storage over them that the kernels use. */
    private record Block(MemorySegment segment, Storage host) implements DeviceMemory {
        @Override public long address() { return segment.address(); }
    }

    static void install() { Cuda.emulation = new EmulatedCuda(); }

    static void uninstall() { Cuda.emulation = null; }

    static boolean installed() { return Cuda.emulation instanceof EmulatedCuda; }

    @Override public Storage allocate(DType dtype, long numel) {
        long bytes = Math.multiplyExact(numel, (long) dtype.itemSize());
        MemorySegment seg = Arena.ofAuto().allocate(Math.max(bytes, 1), 8).asSlice(0, bytes);
        return new Storage(new Block(seg, new Storage(seg, Device.CPU)), bytes, CUDA0);
    }

    /** An input as the CPU kernel sees it; CPU inputs pass (the real backend uploads them). */
    private static Tensor in(Tensor t) {
        if (t == null) return null;
        if (t.storage().deviceMemory() instanceof Block b) {
            return new Tensor(b.host(), t.shapeRef(), t.stridesRef(), t.storageOffset(), t.dtype());
        }
        if (t.storage().deviceMemory() != null) throw new IllegalStateException("emulated cuda: foreign device memory");
        return t;
    }

    /** An output must live on the device: the real backend has no host path for writing a CPU tensor. */
    private static Tensor out(Tensor t) {
        if (t == null) return null;
        if (!(t.storage().deviceMemory() instanceof Block)) {
            throw new IllegalStateException("emulated cuda: a kernel output is on " + t.device()
                    + " (the op layer allocated it on the wrong device)");
        }
        return in(t);
    }

    private static Tensor[] ins(Tensor[] ts) {
        Tensor[] r = new Tensor[ts.length];
        for (int i = 0; i < ts.length; i++) r[i] = in(ts[i]);
        return r;
    }

    @Override public void copy(Tensor src, Tensor dst) { CPU.copy(in(src), in(dst)); }

    @Override public void fill(Tensor dst, double value) { CPU.fill(out(dst), value); }

    @Override public void unary(UnaryOp op, Tensor x, Tensor o, double p0, double p1) { CPU.unary(op, in(x), out(o), p0, p1); }

    @Override public void binary(BinaryOp op, Tensor a, Tensor b, Tensor o) { CPU.binary(op, in(a), in(b), out(o)); }

    @Override public void where(Tensor cond, Tensor a, Tensor b, Tensor o) { CPU.where(in(cond), in(a), in(b), out(o)); }

    @Override public void reduce(ReduceOp op, Tensor x, int reducedDims, Tensor o, Tensor indices) {
        CPU.reduce(op, in(x), reducedDims, out(o), out(indices));
    }

    @Override public void matmul(Tensor a, Tensor b, Tensor o) { CPU.matmul(in(a), in(b), out(o)); }

    @Override public void indexSelect(Tensor x, int dim, Tensor index, Tensor o) { CPU.indexSelect(in(x), dim, in(index), out(o)); }

    @Override public void indexAdd(Tensor x, int dim, Tensor index, Tensor src, boolean accumulate) {
        CPU.indexAdd(out(x), dim, in(index), in(src), accumulate);
    }

    @Override public void scan(ScanOp op, Tensor x, Tensor o, Tensor indices) { CPU.scan(op, in(x), out(o), out(indices)); }

    @Override public void sortRows(Tensor x, Tensor values, Tensor indices, boolean descending) {
        CPU.sortRows(in(x), out(values), out(indices), descending);
    }

    @Override public void advancedIndex(Tensor x, Tensor[] indices, long[] sizes, long[] strides, Tensor o) {
        CPU.advancedIndex(in(x), ins(indices), sizes, strides, out(o));
    }

    @Override public void advancedIndexPut(Tensor x, Tensor[] indices, long[] sizes, long[] strides, Tensor values,
                                           boolean accumulate) {
        CPU.advancedIndexPut(out(x), ins(indices), sizes, strides, in(values), accumulate);
    }

    @Override public Tensor maskIndices(Tensor mask) {
        Tensor host = CPU.maskIndices(in(mask));
        Tensor r = Tensor.allocate(host.shapeRef(), host.dtype(), CUDA0);
        CPU.copy(host, in(r));
        return r;
    }
}
