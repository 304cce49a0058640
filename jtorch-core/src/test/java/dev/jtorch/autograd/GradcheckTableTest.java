package dev.jtorch.autograd;

import com.google.gson.JsonObject;
import dev.jtorch.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Float64 finite-difference checks of every differentiable op in the golden table: gradcheck (first
 * derivatives) and gradgradcheck (second derivatives, through create_graph) with PyTorch's defaults
 * eps=1e-6, atol=1e-5, rtol=1e-3. The inputs are the golden cases' values, converted to float64.
 */
class GradcheckTableTest {
    private static List<JsonObject> checked() {
        return AutogradCases.load().stream().filter(c -> c.get("gradcheck").getAsBoolean()).toList();
    }

    @TestFactory
    Stream<DynamicTest> gradcheck() {
        return checked().stream().map(c -> DynamicTest.dynamicTest("gradcheck " + AutogradCases.label(c), () -> {
            Tensor[] inputs = AutogradCases.leaves(c, true);
            assertTrue(Autograd.gradcheck(xs -> AutogradCases.forward(c, xs), inputs));
        }));
    }

    @TestFactory
    Stream<DynamicTest> gradgradcheck() {
        return checked().stream().map(c -> DynamicTest.dynamicTest("gradgradcheck " + AutogradCases.label(c), () -> {
            Tensor[] inputs = AutogradCases.leaves(c, true);
            assertTrue(Autograd.gradgradcheck(xs -> AutogradCases.forward(c, xs), inputs));
        }));
    }
}
