package dev.jtorch.graphs;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.TypeKind;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static java.lang.constant.ConstantDescs.CD_Object;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_void;
import static java.lang.constant.ConstantDescs.INIT_NAME;
import static java.lang.constant.ConstantDescs.MTD_void;

/**
 * Compiles one group of a fused chain (consecutive ops of one length, see {@link FusedPlan}) into a class
 * whose vector loop runs all the group's ops at each vector index, so that a value one op writes and only
 * later ops of the group read stays in a register instead of going through a scratch block.
 *
 * <p>Why: the interpreter runs each op over a whole block before the next, so every op loads its operands
 * and stores its result; for chains of light ops (the restore's 3-tap filter, its gradient) that load and
 * store traffic, not arithmetic, bounds the speed. Here each element still goes through the same float (or
 * double) operations in the same order, and Java never contracts a multiply and an add, so results are the
 * interpreter's bits. Memory order holds too: the optimiser admits an op into a chain only if, for every
 * element two ops touch (one of them writing), the earlier op reaches it no later in the chain's index
 * order than the later op does, whatever the granularity ({@code Optimizer.ordered}), so going from whole
 * blocks to single vectors keeps every read after the write it depends on.
 *
 * <p>Groups are compiled by shape (operands renumbered), so equal groups of different chains share a class
 * and the JIT compiles it once: a generated class runs its vector code slowly until C2 has compiled it, so
 * few, shared classes are what keeps warm-up short. Loaded only when the jdk.incubator.vector module is
 * present; if generation fails the group stays interpreted. {@code -Djtorch.graph.compile=false} turns
 * compilation off.
 */
final class GroupCompiler {
    private GroupCompiler() {}

    /** Operand kind of a value that lives only in a register of the group's loop. */
    static final int REGISTER = 3;

    /** Read by generated code: a constant species is what lets C2 turn the vector calls into instructions. */
    static final VectorSpecies<Float> F32 = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Double> F64 = DoubleVector.SPECIES_PREFERRED;

    private static final boolean ENABLED = !"false".equals(System.getProperty("jtorch.graph.compile"));
    private static final Map<String, FusedKernel> CACHE = new ConcurrentHashMap<>();

    /**
     * A group in canonical form. {@code code[k]} is op k: {opcode, kind, index, ...} for its inputs then its
     * output, where index is a register number (kind REGISTER) or a position in {@code memory}; {@code memory}
     * holds the chain's own {kind, index} of each memory operand (not part of the shape's identity).
     */
    record Shape(boolean f64, int[][] code, int registers, int[][] memory) {
        String key() { return f64 + ":" + Arrays.deepToString(code); }
        int[][] memoryOperands() { return memory; }
    }

    /** The compiled group, or null when compilation is off or failed (the caller then interprets it). */
    static FusedKernel kernel(Shape shape) {
        if (!ENABLED) return null;
        String key = shape.key();
        FusedKernel k = CACHE.get(key);
        if (k != null) return k;
        try {
            byte[] bytes = new Gen(shape).bytes();
            if (runLength(bytes) > HUGE_METHOD) return null;
            k = define(bytes);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
        FusedKernel prev = CACHE.putIfAbsent(key, k);
        return prev != null ? prev : k;
    }

    /**
     * HotSpot does not compile methods of more bytecode than this (-XX:HugeMethodLimit, on by default): a
     * longer group would run interpreted for good, far slower than the interpreter's shared loops.
     */
    private static final int HUGE_METHOD = 8000;

    private static int runLength(byte[] bytes) {
        for (var m : ClassFile.of().parse(bytes).methods()) {
            if (m.methodName().equalsString("run")) {
                return m.code().map(c -> ((java.lang.classfile.attribute.CodeAttribute) c).codeLength()).orElse(0);
            }
        }
        return 0;
    }

    private static FusedKernel define(byte[] bytes) throws ReflectiveOperationException {
        MethodHandles.Lookup l = MethodHandles.lookup().defineHiddenClass(bytes, true);
        try {
            return (FusedKernel) l.findConstructor(l.lookupClass(), MethodType.methodType(void.class)).invoke();
        } catch (ReflectiveOperationException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Writes {@code run(arrays, offsets, block, len)}: a vector loop, then one masked iteration for the rest. */
    private static final class Gen {
        private static final ClassDesc VSPECIES = ClassDesc.of("jdk.incubator.vector.VectorSpecies");
        private static final ClassDesc VECTOR = ClassDesc.of("jdk.incubator.vector.Vector");
        private static final ClassDesc VMASK = ClassDesc.of("jdk.incubator.vector.VectorMask");
        private static final ClassDesc HOLDER = ClassDesc.of(GroupCompiler.class.getName());
        // parameters of run: this, arrays, offsets, block, len
        private static final int ARRAYS = 1, OFFSETS = 2, BLOCK = 3, LEN = 4;

        private final Shape shape;
        private final TypeKind tk;
        private final ClassDesc vec, arr;
        private final String species;
        private final int lanes;
        private int[] arrOf, baseOf, bcastOf, regOf;
        private int i, mask;

        Gen(Shape shape) {
            this.shape = shape;
            boolean f64 = shape.f64();
            tk = f64 ? TypeKind.DOUBLE : TypeKind.FLOAT;
            vec = ClassDesc.of(f64 ? "jdk.incubator.vector.DoubleVector" : "jdk.incubator.vector.FloatVector");
            arr = ClassDesc.ofDescriptor(f64 ? "[D" : "[F");
            species = f64 ? "F64" : "F32";
            lanes = f64 ? F64.length() : F32.length();
        }

        byte[] bytes() {
            ClassDesc self = ClassDesc.of(GroupCompiler.class.getPackageName() + ".CompiledGroup");
            return ClassFile.of().build(self, cb -> cb
                    .withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SUPER)
                    .withSuperclass(CD_Object)
                    .withInterfaceSymbols(ClassDesc.of(FusedKernel.class.getName()))
                    .withMethodBody(INIT_NAME, MTD_void, ClassFile.ACC_PUBLIC,
                            c -> c.aload(0).invokespecial(CD_Object, INIT_NAME, MTD_void).return_())
                    .withMethodBody("run", MethodTypeDesc.of(CD_void, CD_Object, CD_int.arrayType(), CD_int, CD_int),
                            ClassFile.ACC_PUBLIC, this::run));
        }

        private void run(CodeBuilder c) {
            int[][] memory = shape.memory();
            int count = memory.length;
            int arrays = c.allocateLocal(TypeKind.REFERENCE);
            c.aload(ARRAYS).checkcast(arr.arrayType()).astore(arrays);
            arrOf = new int[count];
            baseOf = new int[count];
            bcastOf = new int[count];
            for (int j = 0; j < count; j++) {
                arrOf[j] = c.allocateLocal(TypeKind.REFERENCE);
                c.aload(arrays).loadConstant(j).aaload().astore(arrOf[j]);
                switch (memory[j][0]) {
                    case FusedF32.VEC -> {
                        baseOf[j] = c.allocateLocal(TypeKind.INT);
                        c.aload(OFFSETS).loadConstant(j).iaload().iload(BLOCK).iadd().istore(baseOf[j]);
                    }
                    case FusedF32.SCALAR -> {
                        // the chain never writes what it reads as a single value: read once per call
                        bcastOf[j] = c.allocateLocal(TypeKind.REFERENCE);
                        speciesOnStack(c);
                        c.aload(arrOf[j]).aload(OFFSETS).loadConstant(j).iaload().arrayLoad(tk);
                        c.invokestatic(vec, "broadcast", MethodTypeDesc.of(vec, VSPECIES, tk.upperBound()));
                        c.astore(bcastOf[j]);
                    }
                    default -> { }   // a scratch block: indexed like the block
                }
            }
            regOf = new int[shape.registers()];
            for (int r = 0; r < regOf.length; r++) regOf[r] = c.allocateLocal(TypeKind.REFERENCE);
            i = c.allocateLocal(TypeKind.INT);
            int bound = c.allocateLocal(TypeKind.INT);
            mask = c.allocateLocal(TypeKind.REFERENCE);
            Label loop = c.newLabel(), tail = c.newLabel(), end = c.newLabel();
            c.iload(LEN).loadConstant(-lanes).iand().istore(bound);
            c.loadConstant(0).istore(i);
            c.labelBinding(loop);
            c.iload(i).iload(bound).if_icmpge(tail);
            for (int[] op : shape.code()) op(c, op, false);
            c.iinc(i, lanes).goto_(loop);
            c.labelBinding(tail);
            c.iload(i).iload(LEN).if_icmpge(end);
            speciesOnStack(c);
            c.iload(i).iload(LEN).invokeinterface(VSPECIES, "indexInRange", MethodTypeDesc.of(VMASK, CD_int, CD_int)).astore(mask);
            for (int[] op : shape.code()) op(c, op, true);
            c.labelBinding(end);
            c.return_();
        }

        private void op(CodeBuilder c, int[] op, boolean masked) {
            int code = op[0];
            push(c, op[1], op[2], masked);
            if (code != FusedF32.COPY) {
                push(c, op[3], op[4], masked);
                String name = switch (code) {
                    case FusedF32.ADD -> "add";
                    case FusedF32.SUB -> "sub";
                    case FusedF32.MUL -> "mul";
                    default -> "div";
                };
                c.invokevirtual(vec, name, MethodTypeDesc.of(vec, VECTOR));
            }
            int kind = op[op.length - 2], x = op[op.length - 1];
            if (kind == REGISTER) {
                c.astore(regOf[x]);
                return;
            }
            index(c, kind, x);
            if (masked) c.aload(mask).invokevirtual(vec, "intoArray", MethodTypeDesc.of(CD_void, arr, CD_int, VMASK));
            else c.invokevirtual(vec, "intoArray", MethodTypeDesc.of(CD_void, arr, CD_int));
        }

        private void push(CodeBuilder c, int kind, int x, boolean masked) {
            switch (kind) {
                case REGISTER -> c.aload(regOf[x]);
                case FusedF32.SCALAR -> c.aload(bcastOf[x]);
                default -> {
                    speciesOnStack(c);
                    index(c, kind, x);
                    if (masked) c.aload(mask).invokestatic(vec, "fromArray", MethodTypeDesc.of(vec, VSPECIES, arr, CD_int, VMASK));
                    else c.invokestatic(vec, "fromArray", MethodTypeDesc.of(vec, VSPECIES, arr, CD_int));
                }
            }
        }

        /** Pushes the array and element index of memory operand x at the loop's vector index. */
        private void index(CodeBuilder c, int kind, int x) {
            c.aload(arrOf[x]);
            if (kind == FusedF32.VEC) c.iload(baseOf[x]).iload(i).iadd();
            else c.iload(i);
        }

        private void speciesOnStack(CodeBuilder c) { c.getstatic(HOLDER, species, VSPECIES); }
    }
}
