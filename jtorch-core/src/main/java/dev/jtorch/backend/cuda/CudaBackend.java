package dev.jtorch.backend.cuda;

import dev.jtorch.DType;
import dev.jtorch.Device;
import dev.jtorch.Storage;
import dev.jtorch.Tensor;
import dev.jtorch.backend.Backend;
import dev.jtorch.backend.BinaryOp;
import dev.jtorch.backend.ReduceOp;
import dev.jtorch.backend.ScanOp;
import dev.jtorch.backend.UnaryOp;
import dev.jtorch.backend.cpu.CpuBackend;
import dev.jtorch.backend.cuda.KernelSource.Kernel;
import dev.jtorch.backend.cuda.KernelSource.NoKernel;
import dev.jtorch.internal.Mem;
import dev.jtorch.internal.Shapes;
import dev.jtorch.ops.Elementwise;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The kernels of one GPU. Elementwise ops, copies, fills, reductions and index gathers/scatters run as
 * generated CUDA kernels ({@link KernelSource}); float32/float64 matmul goes to cuBLAS. An (op, dtype) the
 * generator has no formula for, and ops such as {@code maskIndices} whose output size depends on the data,
 * run on the CPU backend over host copies of the operands: slower, but with the CPU's exact semantics, so
 * every op of the core works on the GPU.
 *
 * <p>Everything is queued on the device's one stream; host reads synchronise it.
 */
public final class CudaBackend implements Backend {
    private static final int THREADS = 256;

    private final CudaDevice dev;
    private final Device device;
    private final ConcurrentHashMap<String, Object> kernels = new ConcurrentHashMap<>();
    private static final Object NONE = new Object();

    CudaBackend(CudaDevice dev) {
        this.dev = dev;
        this.device = new Device(Device.Type.CUDA, dev.index);
    }

    public Device device() { return device; }

    // ------------------------------------------------------------------ memory

    @Override public Storage allocate(DType dtype, long numel) {
        if (numel < 0) throw new IllegalArgumentException("negative number of elements: " + numel);
        long bytes = Math.multiplyExact(numel, (long) dtype.itemSize());
        long p = dev.allocator.malloc(bytes);
        Storage s = new Storage(new CudaBuffer(p, bytes, dev, true), bytes, device);
        CachingAllocator.CLEANER.register(s, new CachingAllocator.Releaser(dev.allocator, p, bytes));
        return s;
    }

    private static CudaBuffer buffer(Tensor t) {
        return t.storage().deviceMemory() instanceof CudaBuffer b ? b : null;
    }

    private long ptr(Tensor t) {
        return buffer(t).address + t.storageOffset() * t.dtype().itemSize();
    }

    /** {@code t} as an operand on this device: CPU operands (0-d scalars mostly) are uploaded. */
    private Tensor operand(Tensor t) {
        CudaBuffer b = buffer(t);
        if (b != null) {
            if (b.device != dev) {
                throw new IllegalArgumentException("Expected all tensors to be on the same device, but found at least two devices, cuda:"
                        + b.device.index + " and " + device + "!");
            }
            return t;
        }
        long bytes = t.storage().byteSize();
        Storage s;
        if (bytes <= 8) {
            // Java scalars (0-d CPU tensors) recur in every step of a loop: uploading one from pageable memory
            // synchronises the stream, so each distinct value is uploaded once and kept
            byte[] value = t.storage().segment().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            String key = t.dtype() + java.util.Arrays.toString(value);
            s = scalars.get(key);
            if (s == null) {
                if (scalars.size() > 4096) scalars.clear();
                s = uploadStorage(t.storage());
                scalars.put(key, s);
            }
        } else {
            s = uploadStorage(t.storage());
        }
        return new Tensor(s, t.shapeRef(), t.stridesRef(), t.storageOffset(), t.dtype());
    }

    private final ConcurrentHashMap<String, Storage> scalars = new ConcurrentHashMap<>();

    private Storage uploadStorage(Storage host) {
        Storage s = allocate(DType.UINT8, host.byteSize());
        CudaBuffer nb = (CudaBuffer) s.deviceMemory();
        nb.zeroPending = false;
        if (host.byteSize() > 0) upload(host.segment(), 0, nb.address, host.byteSize());
        return s;
    }

    private void upload(MemorySegment host, long hostOffset, long devAddress, long bytes) {
        dev.makeCurrent();
        CudaDriver.copyHtoD(devAddress, host.asSlice(hostOffset, bytes), bytes, dev.stream);
    }

    private void download(long devAddress, MemorySegment host, long hostOffset, long bytes) {
        dev.makeCurrent();
        CudaDriver.copyDtoH(host.asSlice(hostOffset, bytes), devAddress, bytes, dev.stream);
        CudaDriver.streamSynchronize(dev.stream);
    }

    /** Before a kernel reads {@code t}: a fresh block is zeroed now. */
    private void readable(Tensor t) {
        CudaBuffer b = buffer(t);
        if (b != null && b.zeroPending) {
            dev.makeCurrent();
            CudaDriver.memsetD8(b.address, (byte) 0, b.byteSize, dev.stream);
            b.zeroPending = false;
        }
    }

    /** Before a kernel writes {@code t}: a fresh block is zeroed unless the write covers all of it. */
    private void writable(Tensor t) {
        CudaBuffer b = buffer(t);
        if (b == null || !b.zeroPending) return;
        if (t.storageOffset() == 0 && t.numel() * t.dtype().itemSize() == b.byteSize && Shapes.isNonOverlappingAndDense(t.shapeRef(), t.stridesRef())) {
            b.zeroPending = false;
        } else {
            readable(t);
        }
    }

    // ------------------------------------------------------------------ launching

    private Kernel kernel(String key, Supplier<Kernel> make) {
        Object k = kernels.get(key);
        if (k == null) {
            try {
                k = make.get();
            } catch (NoKernel e) {
                k = NONE;
            }
            kernels.putIfAbsent(key, k);
        }
        if (k == NONE) throw new NoKernel(key);
        return (Kernel) k;
    }

    /** Packs kernel arguments: each value is written to scratch memory and its address to the void*[] array. */
    private static final class Args {
        final Arena arena = Arena.ofConfined();
        final MemorySegment[] values = new MemorySegment[24];
        int count;

        Args ptr(long p) { return add(arena.allocateFrom(JAVA_LONG, p)); }

        Args i64(long v) { return add(arena.allocateFrom(JAVA_LONG, v)); }

        Args f64(double v) { return add(arena.allocateFrom(java.lang.foreign.ValueLayout.JAVA_DOUBLE, v)); }

        Args struct(long... fields) { return add(arena.allocateFrom(JAVA_LONG, fields)); }

        private Args add(MemorySegment v) {
            values[count++] = v;
            return this;
        }

        MemorySegment array() {
            MemorySegment a = arena.allocate(java.lang.foreign.ValueLayout.ADDRESS, count);
            for (int i = 0; i < count; i++) a.setAtIndex(java.lang.foreign.ValueLayout.ADDRESS, i, values[i]);
            return a;
        }
    }

    private void launch(Kernel k, String function, long blocks, int threads, Args args) {
        try (args.arena) {
            MemorySegment f = dev.function(k.source(), function);
            dev.makeCurrent();
            if (blocks > Integer.MAX_VALUE) throw new IllegalArgumentException("too many blocks: " + blocks);
            CudaDriver.launch(f, (int) Math.max(1, blocks), 1, threads, 0, dev.stream, args.array());
        }
    }

    private long gridFor(long n) {
        return Math.max(1, Math.min((n + THREADS - 1) / THREADS, (long) dev.multiprocessors * 32));
    }

    /**
     * Runs an elementwise kernel over {@code ops} (all of {@code shape}); {@code written[j]} marks outputs.
     * {@code extra} adds the scalar parameters after the pointers.
     */
    private void elementwise(Kernel k, long[] shape, Tensor[] ops, boolean[] written, Consumer<Args> extra) {
        long[][] strides = new long[ops.length][];
        for (int j = 0; j < ops.length; j++) strides[j] = ops[j].stridesRef();
        Geometry g = Geometry.of(shape, strides);
        if (g.n == 0) return;
        if (g.rank > KernelSource.MAXD) throw new NoKernel("more than " + KernelSource.MAXD + " dims after merging");
        for (int j = 0; j < ops.length; j++) if (!written[j]) readable(ops[j]);
        for (int j = 0; j < ops.length; j++) if (written[j]) writable(ops[j]);
        long[] geo = new long[2 + KernelSource.MAXD + ops.length * KernelSource.MAXD];
        geo[0] = g.n;
        geo[1] = g.rank;
        for (int d = 0; d < g.rank; d++) geo[2 + d] = g.shape[d];
        for (int j = 0; j < ops.length; j++) {
            for (int d = 0; d < g.rank; d++) geo[2 + KernelSource.MAXD + j * KernelSource.MAXD + d] = g.strides[j][d];
        }
        Args a = new Args().struct(geo);
        for (Tensor t : ops) a.ptr(ptr(t));
        if (extra != null) extra.accept(a);
        launch(k, k.name() + (g.contiguous() ? "_c" : "_s"), gridFor(g.n), THREADS, a);
    }

    // ------------------------------------------------------------------ the CPU fallback

    /**
     * Runs {@code cpu} on host copies of the operands' storages (shared storages stay shared) and writes the
     * storages of the {@code written} operands back.
     */
    private void onHost(Tensor[] ts, boolean[] written, Consumer<Tensor[]> cpu) {
        Map<Storage, Storage> hostOf = new IdentityHashMap<>();
        Tensor[] host = new Tensor[ts.length];
        for (int j = 0; j < ts.length; j++) {
            Tensor t = ts[j];
            if (t == null) continue;
            CudaBuffer b = buffer(t);
            if (b == null) {
                host[j] = t;
                continue;
            }
            Storage hs = hostOf.computeIfAbsent(t.storage(), s -> {
                Storage h = Storage.allocate(t.dtype(), s.byteSize() / t.dtype().itemSize());
                if (!b.zeroPending && s.byteSize() > 0) download(b.address, h.segment(), 0, s.byteSize());
                return h;
            });
            host[j] = new Tensor(hs, t.shapeRef(), t.stridesRef(), t.storageOffset(), t.dtype());
        }
        cpu.accept(host);
        Map<Storage, Boolean> done = new IdentityHashMap<>();
        for (int j = 0; j < ts.length; j++) {
            if (!written[j] || ts[j] == null || buffer(ts[j]) == null || done.put(ts[j].storage(), true) != null) continue;
            CudaBuffer b = buffer(ts[j]);
            Storage hs = hostOf.get(ts[j].storage());
            if (hs.byteSize() > 0) upload(hs.segment(), 0, b.address, hs.byteSize());
            b.zeroPending = false;
        }
    }

    private static boolean[] flags(boolean... w) { return w; }

    // ------------------------------------------------------------------ copy and fill

    @Override public void copy(Tensor src, Tensor dst) {
        if (dst.numel() == 0) return;
        boolean srcDev = buffer(src) != null, dstDev = buffer(dst) != null;
        if (srcDev && dstDev) deviceCopy(operand(src), operand(dst));
        else if (dstDev) uploadCopy(src, operand(dst));
        else if (srcDev) downloadCopy(operand(src), dst);
        else CpuBackend.INSTANCE.copy(src, dst);
    }

    private static boolean plain(Tensor src, Tensor dst) {
        return src.dtype() == dst.dtype() && src.isContiguous() && dst.isContiguous()
                && Arrays.equals(src.shapeRef(), dst.shapeRef());
    }

    private void deviceCopy(Tensor src, Tensor dst) {
        if (plain(src, dst)) {
            readable(src);
            writable(dst);
            dev.makeCurrent();
            CudaDriver.copyDtoD(ptr(dst), ptr(src), dst.numel() * dst.dtype().itemSize(), dev.stream);
            return;
        }
        DType st = src.dtype(), dt = dst.dtype();
        try {
            Kernel k = kernel("copy:" + st + ":" + dt, () -> KernelSource.copy(st, dt));
            elementwise(k, dst.shapeRef(), new Tensor[] {src, dst}, flags(false, true), null);
        } catch (NoKernel e) {
            onHost(new Tensor[] {src, dst}, flags(false, true), h -> CpuBackend.INSTANCE.copy(h[0], h[1]));
        }
    }

    private void uploadCopy(Tensor src, Tensor dst) {
        if (plain(src, dst)) {
            writable(dst);
            long bytes = dst.numel() * dst.dtype().itemSize();
            upload(src.segment(), src.storageOffset() * src.dtype().itemSize(), ptr(dst), bytes);
            return;
        }
        // broadcast and strides are resolved on the host, the dtype conversion on the device
        Tensor hostTmp = Tensor.allocate(dst.shapeRef(), src.dtype(), Device.CPU);
        CpuBackend.INSTANCE.copy(src, hostTmp);
        Tensor devTmp = Tensor.allocate(dst.shapeRef(), src.dtype(), device);
        uploadCopy(hostTmp, devTmp);
        deviceCopy(devTmp, dst);
    }

    private void downloadCopy(Tensor src, Tensor dst) {
        Tensor devSrc = src;
        if (!src.isContiguous() || !Arrays.equals(src.shapeRef(), dst.shapeRef()) || src.dtype() != dst.dtype()) {
            devSrc = Tensor.allocate(dst.shapeRef(), dst.dtype(), device);
            deviceCopy(src, devSrc);
        }
        readable(devSrc);
        long bytes = devSrc.numel() * devSrc.dtype().itemSize();
        if (dst.isContiguous()) {
            download(ptr(devSrc), dst.segment(), dst.storageOffset() * dst.dtype().itemSize(), bytes);
        } else {
            Tensor hostTmp = Tensor.allocate(dst.shapeRef(), dst.dtype(), Device.CPU);
            download(ptr(devSrc), hostTmp.segment(), 0, bytes);
            CpuBackend.INSTANCE.copy(hostTmp, dst);
        }
    }

    @Override public void fill(Tensor dst, double value) {
        DType t = dst.dtype();
        try {
            Kernel k = kernel("fill:" + t, () -> KernelSource.fill(t));
            long lv = Mem.doubleToLong(value);
            elementwise(k, dst.shapeRef(), new Tensor[] {dst}, flags(true), a -> a.f64(value).i64(lv));
        } catch (NoKernel e) {
            onHost(new Tensor[] {dst}, flags(true), h -> CpuBackend.INSTANCE.fill(h[0], value));
        }
    }

    // ------------------------------------------------------------------ elementwise

    @Override public void unary(UnaryOp op, Tensor x, Tensor out, double p0, double p1) {
        Tensor xd = operand(x);
        try {
            Kernel k = kernel("unary:" + op + ":" + x.dtype() + ":" + out.dtype(), () -> KernelSource.unary(op, x.dtype(), out.dtype()));
            elementwise(k, out.shapeRef(), new Tensor[] {xd, out}, flags(false, true), a -> a.f64(p0).f64(p1));
        } catch (NoKernel e) {
            onHost(new Tensor[] {xd, out}, flags(false, true), h -> CpuBackend.INSTANCE.unary(op, h[0], h[1], p0, p1));
        }
    }

    @Override public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        Tensor ad = operand(a), bd = operand(b);
        try {
            Kernel k = kernel("binary:" + op + ":" + a.dtype() + ":" + out.dtype(), () -> KernelSource.binary(op, a.dtype(), out.dtype()));
            elementwise(k, out.shapeRef(), new Tensor[] {ad, bd, out}, flags(false, false, true), null);
        } catch (NoKernel e) {
            onHost(new Tensor[] {ad, bd, out}, flags(false, false, true), h -> CpuBackend.INSTANCE.binary(op, h[0], h[1], h[2]));
        }
    }

    @Override public void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        Tensor cd = operand(cond), ad = operand(a), bd = operand(b);
        try {
            Kernel k = kernel("where:" + cond.dtype() + ":" + out.dtype(), () -> KernelSource.where(cond.dtype(), out.dtype()));
            elementwise(k, out.shapeRef(), new Tensor[] {cd, ad, bd, out}, flags(false, false, false, true), null);
        } catch (NoKernel e) {
            onHost(new Tensor[] {cd, ad, bd, out}, flags(false, false, false, true), h -> CpuBackend.INSTANCE.where(h[0], h[1], h[2], h[3]));
        }
    }

    // ------------------------------------------------------------------ reductions

    @Override public void reduce(ReduceOp op, Tensor x, int reducedDims, Tensor out, Tensor indices) {
        Tensor xd = operand(x);
        try {
            reduceOnDevice(op, xd, reducedDims, out, indices);
        } catch (NoKernel e) {
            onHost(new Tensor[] {xd, out, indices}, flags(false, true, true),
                    h -> CpuBackend.INSTANCE.reduce(op, h[0], reducedDims, h[1], h[2]));
        }
    }

    private void reduceOnDevice(ReduceOp op, Tensor x, int reducedDims, Tensor out, Tensor indices) {
        long[] xs = x.shapeRef(), xst = x.stridesRef();
        int outRank = xs.length - reducedDims;
        long[] inner = Arrays.copyOfRange(xs, outRank, xs.length);
        long innerN = Shapes.numel(inner);
        long outN = Shapes.numel(out.shapeRef());
        boolean positional = op == ReduceOp.MAX || op == ReduceOp.MIN || op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN;
        if (innerN == 0 && positional) {
            if (outN == 0) return;
            throw new IllegalArgumentException("Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.");
        }
        if (outN == 0) return;
        Kernel k = kernel("reduce:" + op + ":" + x.dtype() + ":" + out.dtype(), () -> KernelSource.reduce(op, x.dtype(), out.dtype()));
        Geometry og = Geometry.of(Arrays.copyOf(xs, outRank), new long[][] {Arrays.copyOf(xst, outRank), out.stridesRef(),
                indices == null ? new long[outRank] : indices.stridesRef()});
        Geometry ig = Geometry.of(inner, new long[][] {Arrays.copyOfRange(xst, outRank, xs.length)});
        if (og.rank > KernelSource.MAXD || ig.rank > KernelSource.MAXD) throw new NoKernel("reduction over too many dims");
        int M = KernelSource.MAXD;
        long[] geo = new long[4 + M + 3 * M + M + M];
        geo[0] = outN;
        geo[1] = innerN;
        geo[2] = og.rank;
        geo[3] = ig.rank;
        for (int d = 0; d < og.rank; d++) {
            geo[4 + d] = og.shape[d];
            for (int j = 0; j < 3; j++) geo[4 + M + j * M + d] = og.strides[j][d];
        }
        for (int d = 0; d < ig.rank; d++) {
            geo[4 + 4 * M + d] = ig.shape[d];
            geo[4 + 5 * M + d] = ig.strides[0][d];
        }
        readable(x);
        writable(out);
        if (indices != null) writable(indices);
        // enough blocks to fill the GPU: split long reductions into chunks combined by a second kernel
        long target = (long) dev.multiprocessors * 4;
        long chunks = outN >= target ? 1 : Math.max(1, Math.min((innerN + 4095) / 4096, (target + outN - 1) / outN));
        long chunkLen = Math.max(1, (innerN + chunks - 1) / chunks);
        chunks = Math.max(1, (innerN + chunkLen - 1) / chunkLen);
        int threads = 32;
        while (threads < KernelSource.REDUCE_THREADS && threads < chunkLen) threads <<= 1;
        long outPtr = ptr(out), idxPtr = indices == null ? 0 : ptr(indices);
        if (chunks == 1) {
            launch(k, k.name(), outN, threads, new Args().struct(geo).ptr(ptr(x)).ptr(outPtr).ptr(idxPtr).ptr(0).ptr(0).i64(1).i64(chunkLen));
            return;
        }
        DType accType = switch (KernelSource.accType(op, x.dtype())) {
            case "float" -> DType.FLOAT32;
            case "double" -> DType.FLOAT64;
            default -> DType.INT64;
        };
        Tensor pval = Tensor.allocate(new long[] {outN * chunks}, accType, device);
        Tensor pidx = Tensor.allocate(new long[] {outN * chunks}, DType.INT64, device);
        writable(pval);
        writable(pidx);
        launch(k, k.name(), outN * chunks, threads, new Args().struct(geo).ptr(ptr(x)).ptr(0).ptr(0).ptr(ptr(pval)).ptr(ptr(pidx))
                .i64(chunks).i64(chunkLen));
        launch(k, k.name() + "_finish", (outN + THREADS - 1) / THREADS, THREADS,
                new Args().struct(geo).ptr(outPtr).ptr(idxPtr).ptr(ptr(pval)).ptr(ptr(pidx)).i64(chunks));
    }

    // ------------------------------------------------------------------ matmul

    @Override public void matmul(Tensor a, Tensor b, Tensor out) {
        Tensor ad = operand(a), bd = operand(b);
        if (out.numel() == 0) return;
        DType t = out.dtype();
        if ((t == DType.FLOAT32 || t == DType.FLOAT64) && ad.shapeRef()[2] > 0) {
            MemorySegment handle = dev.cublas(Cuda.allowTf32());
            if (handle != null) {
                gemm(handle, ad, bd, out);
                return;
            }
        }
        try {
            Kernel k = kernel("matmul:" + t, () -> KernelSource.matmul(t));
            readable(ad);
            readable(bd);
            writable(out);
            long[] as = ad.shapeRef();
            long n = bd.shapeRef()[2];
            long[] sa = ad.stridesRef(), sb = bd.stridesRef(), so = out.stridesRef();
            long total = out.numel();
            launch(k, k.name(), gridFor(total), THREADS, new Args().struct(as[0], as[1], n, as[2], sa[0], sa[1], sa[2], sb[0], sb[1], sb[2],
                    so[0], so[1], so[2]).ptr(ptr(ad)).ptr(ptr(bd)).ptr(ptr(out)));
        } catch (NoKernel e) {
            onHost(new Tensor[] {ad, bd, out}, flags(false, false, true), h -> CpuBackend.INSTANCE.matmul(h[0], h[1], h[2]));
        }
    }

    /** A row-major matrix as cuBLAS sees it: the column-major transpose, with a leading dimension. */
    private record Operand(Tensor t, int op, long ld) {}

    /**
     * Row-major {@code [rows, cols]} matrices with strides (rs, cs) as a column-major operand of
     * {@code C^T = B^T A^T}: unit column stride is the transposed matrix read as-is (OP_N, ld = rs); unit row
     * stride is the matrix itself, which must be transposed (OP_T, ld = cs). Anything else is copied.
     */
    private Operand asOperand(Tensor t) {
        long rows = t.shapeRef()[1], cols = t.shapeRef()[2];
        long rs = t.stridesRef()[1], cs = t.stridesRef()[2];
        if (cs == 1 || cols == 1) {
            long ld = rows == 1 ? Math.max(cols, 1) : rs;
            if (ld >= Math.max(1, cols) && ld <= Integer.MAX_VALUE) return new Operand(t, Cublas.OP_N, ld);
        }
        if (rs == 1 || rows == 1) {
            long ld = cols == 1 ? Math.max(rows, 1) : cs;
            if (ld >= Math.max(1, rows) && ld <= Integer.MAX_VALUE) return new Operand(t, Cublas.OP_T, ld);
        }
        Tensor c = Tensor.allocate(t.shapeRef(), t.dtype(), device);
        deviceCopy(t, c);
        return new Operand(c, Cublas.OP_N, cols);
    }

    private void gemm(MemorySegment handle, Tensor a, Tensor b, Tensor out) {
        long batch = a.shapeRef()[0], m = a.shapeRef()[1], k = a.shapeRef()[2], n = b.shapeRef()[2];
        Tensor c = out;
        boolean ok = out.stridesRef()[2] == 1 && (out.stridesRef()[1] >= Math.max(1, n) || m == 1)
                && (batch == 1 || out.stridesRef()[0] != 0);
        if (!ok) c = Tensor.allocate(out.shapeRef(), out.dtype(), device);
        Operand x = asOperand(b), y = asOperand(a);
        readable(x.t);
        readable(y.t);
        writable(c);
        long ldc = m == 1 ? Math.max(1, n) : c.stridesRef()[1];
        if (m > Integer.MAX_VALUE || n > Integer.MAX_VALUE || k > Integer.MAX_VALUE || batch > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("matmul dimensions exceed cuBLAS's 32-bit sizes");
        }
        long strideB = batch == 1 ? 0 : x.t.stridesRef()[0], strideA = batch == 1 ? 0 : y.t.stridesRef()[0];
        long strideC = batch == 1 ? 0 : c.stridesRef()[0];
        dev.makeCurrent();
        try (Arena scratch = Arena.ofConfined()) {
            if (out.dtype() == DType.FLOAT32) {
                Cublas.sgemm(handle, x.op, y.op, (int) n, (int) m, (int) k, ptr(x.t), (int) x.ld, strideB, ptr(y.t), (int) y.ld,
                        strideA, ptr(c), (int) ldc, strideC, (int) batch, scratch);
            } else {
                Cublas.dgemm(handle, x.op, y.op, (int) n, (int) m, (int) k, ptr(x.t), (int) x.ld, strideB, ptr(y.t), (int) y.ld,
                        strideA, ptr(c), (int) ldc, strideC, (int) batch, scratch);
            }
        }
        if (c != out) deviceCopy(c, out);
    }

    // ------------------------------------------------------------------ indexing

    /** The int64 values of an index tensor, read on the host for PyTorch's bounds errors. */
    private long[] hostLongs(Tensor index) {
        Tensor h = Tensor.allocate(index.shapeRef(), DType.INT64, Device.CPU);
        copy(index, h);
        return h.numel() == 0 ? new long[0] : h.segment().toArray(Mem.I64);
    }

    private void checkBounds(Tensor index, long size, int dim) {
        for (long v : hostLongs(index)) {
            if (v < -size || v >= size) {
                throw new IndexOutOfBoundsException("index " + v + " is out of bounds for dimension " + dim + " with size " + size);
            }
        }
    }

    /** Runs the gather (mode 0) or scatter (1 put, 2 add) kernel over {@code dense}'s shape. */
    private void indexKernel(Tensor x, Tensor[] indices, long[] sizes, long[] steps, Tensor dense, int mode) {
        DType t = x.dtype();
        int k = indices.length;
        Kernel kern = kernel("index:" + t + ":" + k + ":" + mode, () -> KernelSource.index(t, k, mode));
        Tensor[] ops = new Tensor[k + 2];
        ops[0] = x;
        ops[1] = dense;
        for (int j = 0; j < k; j++) ops[2 + j] = operand(indices[j]);
        boolean[] written = new boolean[k + 2];
        written[0] = mode != 0;
        written[1] = mode == 0;
        if (mode != 0) readable(x);   // a scatter writes only some elements of x
        long[] idxg = new long[2 * k];
        System.arraycopy(sizes, 0, idxg, 0, k);
        System.arraycopy(steps, 0, idxg, k, k);
        elementwise(kern, dense.shapeRef(), ops, written, a -> a.struct(idxg));
    }

    @Override public void indexSelect(Tensor x, int dim, Tensor index, Tensor out) {
        Tensor xd = operand(x);
        long size = x.shapeRef()[dim];
        checkBounds(index, size, dim);
        Tensor[] idx = {restrideIndex(index, out.shapeRef(), dim)};
        Tensor xr = restride(xd, out.shapeRef(), dim);
        try {
            indexKernel(xr, idx, new long[] {size}, new long[] {x.stridesRef()[dim]}, out, 0);
        } catch (NoKernel e) {
            onHost(new Tensor[] {xd, index, out}, flags(false, false, true), h -> CpuBackend.INSTANCE.indexSelect(h[0], dim, h[1], h[2]));
        }
    }

    @Override public void indexAdd(Tensor x, int dim, Tensor index, Tensor src, boolean accumulate) {
        Tensor sd = operand(src);
        long size = x.shapeRef()[dim];
        checkBounds(index, size, dim);
        try {
            Tensor[] idx = {restrideIndex(index, src.shapeRef(), dim)};
            indexKernel(restride(x, src.shapeRef(), dim), idx, new long[] {size}, new long[] {x.stridesRef()[dim]}, sd, accumulate ? 2 : 1);
        } catch (NoKernel e) {
            onHost(new Tensor[] {x, index, sd}, flags(true, false, false), h -> CpuBackend.INSTANCE.indexAdd(h[0], dim, h[1], h[2], accumulate));
        }
    }

    /** x viewed with {@code shape}, dim {@code dim} given stride 0 (the index supplies that coordinate). */
    private static Tensor restride(Tensor x, long[] shape, int dim) {
        long[] st = x.stridesRef().clone();
        st[dim] = 0;
        return new Tensor(x.storage(), shape.clone(), st, x.storageOffset(), x.dtype());
    }

    /** A 1-d (or 0-d) index viewed with {@code shape}, running along {@code dim}. */
    private static Tensor restrideIndex(Tensor index, long[] shape, int dim) {
        long[] st = new long[shape.length];
        st[dim] = index.dim() == 0 ? 0 : index.stridesRef()[0];
        Tensor i = index.dtype() == DType.INT64 ? index : Elementwise.castRaw(index, DType.INT64);
        return new Tensor(i.storage(), shape.clone(), st, i.storageOffset(), DType.INT64);
    }

    @Override public void advancedIndex(Tensor x, Tensor[] indices, long[] indexedSizes, long[] indexedStrides, Tensor out) {
        Tensor xd = operand(x);
        for (int j = 0; j < indices.length; j++) checkBounds(indices[j], indexedSizes[j], j);
        try {
            indexKernel(xd, indices, indexedSizes, indexedStrides, out, 0);
        } catch (NoKernel e) {
            Tensor[] all = concat(xd, out, indices);
            onHost(all, written(all.length, 1), h -> CpuBackend.INSTANCE.advancedIndex(h[0], Arrays.copyOfRange(h, 2, h.length),
                    indexedSizes, indexedStrides, h[1]));
        }
    }

    @Override public void advancedIndexPut(Tensor x, Tensor[] indices, long[] indexedSizes, long[] indexedStrides, Tensor values,
                                           boolean accumulate) {
        Tensor vd = operand(values);
        for (int j = 0; j < indices.length; j++) checkBounds(indices[j], indexedSizes[j], j);
        try {
            indexKernel(x, indices, indexedSizes, indexedStrides, vd, accumulate ? 2 : 1);
        } catch (NoKernel e) {
            Tensor[] all = concat(x, vd, indices);
            onHost(all, written(all.length, 0), h -> CpuBackend.INSTANCE.advancedIndexPut(h[0], Arrays.copyOfRange(h, 2, h.length),
                    indexedSizes, indexedStrides, h[1], accumulate));
        }
    }

    private static Tensor[] concat(Tensor a, Tensor b, Tensor[] rest) {
        Tensor[] all = new Tensor[rest.length + 2];
        all[0] = a;
        all[1] = b;
        System.arraycopy(rest, 0, all, 2, rest.length);
        return all;
    }

    private static boolean[] written(int n, int which) {
        boolean[] w = new boolean[n];
        w[which] = true;
        return w;
    }

    @Override public Tensor maskIndices(Tensor mask) {
        // the result's size depends on the data: count on the host, then hand the coordinates back
        Tensor[] result = new Tensor[1];
        onHost(new Tensor[] {mask}, flags(false), h -> result[0] = CpuBackend.INSTANCE.maskIndices(h[0]));
        Tensor out = Tensor.allocate(result[0].shapeRef(), DType.INT64, device);
        copy(result[0], out);
        return out;
    }

    // ================================================================== section: math kernels

    // scans and sorts run on the host for now: correct, and rare in training loops
    @Override public void scan(ScanOp op, Tensor x, Tensor out, Tensor indices) {
        onHost(new Tensor[] {operand(x), out, indices}, flags(false, true, true),
                h -> CpuBackend.INSTANCE.scan(op, h[0], h[1], h[2]));
    }

    @Override public void sortRows(Tensor x, Tensor values, Tensor indices, boolean descending) {
        onHost(new Tensor[] {operand(x), values, indices}, flags(false, true, true),
                h -> CpuBackend.INSTANCE.sortRows(h[0], h[1], h[2], descending));
    }

    // ---- end of section: math kernels ----

    /** Waits for all queued work on this device. */
    void synchronize() { dev.synchronize(); }
}
