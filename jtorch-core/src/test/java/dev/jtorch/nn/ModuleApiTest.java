package dev.jtorch.nn;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.autograd.RemovableHandle;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Module contract: registration (fields and explicit), traversal, modes, hooks, dtype casts, state. */
class ModuleApiTest {
    static class Mixed extends Module {
        Linear first = new Linear(3, 4);
        Parameter scale = new Parameter(Torch.ones(4));
        Module none = null;
        final Tensor notABuffer = Torch.zeros(2);
        Linear alias;
        Tensor running;

        Mixed() {
            running = registerBuffer("running", Torch.zeros(4));
            registerBuffer("scratch", Torch.zeros(1), false);
        }

        @Override public Tensor forward(Tensor x) { return first.call(x).mul(scale); }
    }

    @Test void fieldsAreDiscoveredInDeclarationOrder() {
        Mixed m = new Mixed();
        m.alias = m.first; // the same module twice: listed once
        assertEquals(List.of("scale", "first.weight", "first.bias"), new ArrayList<>(m.namedParameters().keySet()));
        assertEquals(List.of("", "first"), new ArrayList<>(m.namedModules().keySet()));
        assertEquals(List.of("running", "scratch"), new ArrayList<>(m.namedBuffers().keySet()));
        // non-persistent buffers and plain tensor fields are not in the state dict
        assertEquals(List.of("scale", "running", "first.weight", "first.bias"), new ArrayList<>(m.stateDict().keySet()));
    }

    @Test void reassigningAFieldReplacesTheEntry() {
        Mixed m = new Mixed();
        m.parameters();
        Linear other = new Linear(3, 4, false);
        m.first = other;
        assertSame(other, m.namedChildren().get("first"));
        assertEquals(List.of("scale", "first.weight"), new ArrayList<>(m.namedParameters().keySet()));
    }

    @Test void explicitRegistration() {
        Module m = new Module() {};
        Linear l = m.addModule("lin", new Linear(1, 1));
        Parameter p = m.registerParameter("p", new Parameter(Torch.zeros(2)));
        assertSame(l, m.getSubmodule("lin"));
        assertEquals(List.of("p", "lin.weight", "lin.bias"), new ArrayList<>(m.namedParameters().keySet()));
        assertSame(p, m.parameters().get(0));
        assertThrows(IllegalArgumentException.class, () -> m.registerParameter("a.b", new Parameter(Torch.zeros(1))));
        assertThrows(IllegalArgumentException.class, () -> m.registerBuffer("p", Torch.zeros(1)));
    }

    @Test void missingForward() {
        Module m = new Module() {};
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> m.call(Torch.zeros(1)));
        assertEquals("Module [Module] is missing the required \"forward\" function", e.getMessage());
        assertEquals("Module()", m.toString());
        UnsupportedOperationException e2 = assertThrows(UnsupportedOperationException.class, () -> new Identity().call(Torch.zeros(1), Torch.zeros(1)));
        assertEquals("Module [Identity] is missing the required \"forward\" function", e2.getMessage());
    }

    @Test void trainEvalPropagates() {
        Sequential s = new Sequential(new Linear(2, 2), new Sequential(new Dropout(), new ReLU()));
        s.eval();
        for (Module m : s.modules()) assertFalse(m.isTraining());
        s.train();
        for (Module m : s.modules()) assertTrue(m.isTraining());
        Tensor x = Torch.randn(3, 2);
        s.eval();
        Tensor a = s.call(x), b = s.call(x);
        assertTrue(a.equal(b)); // dropout is off in eval mode
    }

    @Test void hooks() {
        Linear l = new Linear(2, 3);
        List<String> calls = new ArrayList<>();
        RemovableHandle pre = l.registerForwardPreHook((m, in) -> {
            calls.add("pre");
            return new Tensor[] {in[0].mul(2.0)};
        });
        RemovableHandle post = l.registerForwardHook((m, in, out) -> {
            calls.add("post");
            assertSame(l, m);
            return out.add(1.0);
        });
        Tensor x = Torch.randn(4, 2);
        Tensor y = l.call(x);
        assertTrue(y.allclose(l.forward(x.mul(2.0)).add(1.0)));
        assertEquals(List.of("pre", "post"), calls);
        pre.remove();
        post.remove();
        assertTrue(l.call(x).equal(l.forward(x)));
        assertEquals(2, calls.size());
    }

    @Test void zeroGradFollowsPyTorch113() {
        Linear l = new Linear(2, 1);
        l.call(Torch.randn(3, 2)).sum().backward();
        Tensor g = l.weight.grad();
        l.zeroGrad();
        assertSame(g, l.weight.grad()); // zeroed in place (set_to_none=False)
        assertEquals(0.0, g.abs().sum().itemDouble());
        l.zeroGrad(true);
        assertNull(l.weight.grad());
    }

    @Test void toDtypeUpdatesFieldsAndKeepsIntegers() {
        Specs.CNN net = new Specs.CNN();
        net.to(DType.FLOAT64);
        for (Map.Entry<String, Tensor> e : net.stateDict().entrySet()) {
            DType want = e.getKey().endsWith("num_batches_tracked") ? DType.INT64 : DType.FLOAT64;
            assertEquals(want, e.getValue().dtype(), e.getKey());
        }
        assertEquals(DType.FLOAT64, net.conv1.weight.dtype());
        assertSame(net.conv1.weight, net.conv1.namedParameters().get("weight"));
        assertEquals(DType.FLOAT64, net.bn1.runningMean.dtype());
        assertTrue(net.conv1.weight.requiresGrad());
        net.eval();
        assertEquals(DType.FLOAT64, net.call(Torch.randn(new long[] {2, 1, 12, 12}, DType.FLOAT64)).dtype());
    }

    @Test void applyAndRequiresGrad() {
        Specs.Net net = new Specs.Net();
        List<String> visited = new ArrayList<>();
        net.apply(m -> visited.add(m.getName()));
        assertEquals(List.of("Linear", "Linear", "Net"), visited);
        net.apply(m -> {
            if (m instanceof Linear lin) Init.zeros_(lin.bias);
        });
        assertEquals(0.0, net.fc2.bias.abs().sum().itemDouble());
        net.requiresGrad_(false);
        for (Parameter p : net.parameters()) assertFalse(p.requiresGrad());
    }

    @Test void stateDictSharesStorageAndRoundTrips() {
        Specs.Net a = new Specs.Net(), b = new Specs.Net();
        Map<String, Tensor> sd = a.stateDict();
        assertFalse(sd.get("fc1.weight").requiresGrad());
        assertSame(a.fc1.weight.storage(), sd.get("fc1.weight").storage());
        b.loadStateDict(sd);
        Tensor x = Torch.randn(5, 2);
        assertTrue(a.call(x).equal(b.call(x)));
    }

    @Test void containers() {
        ModuleList list = new ModuleList(new Linear(1, 2), new ReLU());
        list.append(new Tanh());
        assertEquals(3, list.size());
        assertTrue(list.get(-1) instanceof Tanh);
        ModuleDict dict = new ModuleDict();
        dict.put("act", new ReLU());
        dict.put("lin", new Linear(2, 2));
        assertEquals(List.of("lin.weight", "lin.bias"), new ArrayList<>(dict.namedParameters().keySet()));
        Sequential seq = new Sequential(new java.util.LinkedHashMap<>(Map.of("fc", new Linear(2, 2))));
        assertEquals(List.of("fc.weight", "fc.bias"), new ArrayList<>(seq.stateDict().keySet()));
        Linear shared = new Linear(2, 2);
        Sequential twice = new Sequential(shared, shared);
        Tensor x = Torch.randn(1, 2);
        assertTrue(twice.call(x).allclose(shared.call(shared.call(x))));
        assertEquals(2, twice.parameters().size());
        // the state dict lists a shared module under each name, and loads back under each
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias"), new ArrayList<>(twice.stateDict().keySet()));
        assertEquals("<All keys matched successfully>", twice.loadStateDict(twice.stateDict()).toString());
    }

    @Test void parameterIsALeafSharingStorage() {
        Tensor data = Torch.randn(2, 2);
        Parameter p = new Parameter(data);
        assertTrue(p.requiresGrad());
        assertTrue(p.isLeaf());
        assertSame(data.storage(), p.storage());
        assertFalse(new Parameter(data, false).requiresGrad());
        assertFalse(p.mul(2.0) instanceof Parameter);
    }

    @Test void toDevice() {
        Linear l = new Linear(2, 2);
        assertSame(l, l.to(dev.jtorch.Device.CPU));
        if (!Torch.cuda.isAvailable()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> l.to(dev.jtorch.Device.of("cuda")));
            assertEquals(Torch.cuda.unavailableReason(), e.getMessage());
        }
    }

    @Test void pathsToParametersAndBuffers() {
        Specs.CNN net = new Specs.CNN();
        assertSame(net.conv1.weight, net.getParameter("conv1.weight"));
        assertSame(net.bn1.runningMean, net.getBuffer("bn1.running_mean"));
        assertSame(net.bn1, net.getSubmodule("bn1"));
        assertThrows(IllegalArgumentException.class, () -> net.getParameter("conv1.nothing"));
        assertThrows(IllegalArgumentException.class, () -> net.getSubmodule("nothing.weight"));
        net.toDouble();
        assertEquals(DType.FLOAT64, net.getParameter("fc.bias").dtype());
        net.toFloat();
        assertEquals(DType.FLOAT32, net.getBuffer("bn1.running_var").dtype());
    }

    @Test void embeddingFromPretrainedSharesAndFreezes() {
        Tensor table = Torch.randn(5, 3);
        Embedding e = Embedding.fromPretrained(table);
        assertSame(table.storage(), e.weight.storage());
        assertFalse(e.weight.requiresGrad());
        Tensor idx = Torch.tensor(new long[] {4, 0});
        assertTrue(e.call(idx).equal(Torch.stack(table.select(0, 4), table.select(0, 0))));
        assertTrue(Embedding.fromPretrained(table, false, 1L).weight.requiresGrad());
    }

    static class Tied extends Module {
        Embedding emb = new Embedding(5, 3);
        Linear out = new Linear(3, 5, false);

        Tied() { out.weight = emb.weight; }
    }

    @Test void toDtypeKeepsTiedWeightsShared() {
        Tied t = new Tied();
        assertEquals(List.of("emb.weight"), new ArrayList<>(t.namedParameters().keySet()));
        t.to(DType.FLOAT64);
        assertSame(t.emb.weight, t.out.weight);
        assertSame(t.emb.weight, t.getParameter("out.weight"));
        assertEquals(DType.FLOAT64, t.out.weight.dtype());
        assertEquals(1, t.parameters().size());
    }
}
