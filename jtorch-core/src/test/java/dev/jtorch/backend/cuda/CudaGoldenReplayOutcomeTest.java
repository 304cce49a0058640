package dev.jtorch.backend.cuda;

import com.google.gson.JsonObject;
import dev.jtorch.backend.cuda.CudaGoldenReplayTest.Outcome;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How the GPU golden replay sorts a case's ending (runs everywhere: no GPU involved). */
class CudaGoldenReplayOutcomeTest {
    private static Outcome outcome(CudaGoldenReplayTest.Case body) {
        return CudaGoldenReplayTest.runOne("f", "id", "op", new JsonObject(), body).outcome();
    }

    @Test void casesEndAsPassedMismatchUnsupportedOrError() {
        assertEquals(Outcome.PASSED, outcome(c -> { }));
        assertEquals(Outcome.MISMATCH, outcome(c -> { throw new AssertionFailedError("element 3: 1.0 != 2.0"); }));
        assertEquals(Outcome.MISMATCH, outcome(c -> { throw new IllegalArgumentException("Expected all tensors to be on the same device"); }));
        assertEquals(Outcome.UNSUPPORTED, outcome(c -> {
            throw new IllegalStateException("tensor is on cuda:0; call .cpu() first to read its memory from Java");
        }));
        // the CPU replays wrap an unexpected exception in an assertion: the cause decides
        assertEquals(Outcome.UNSUPPORTED, outcome(c -> {
            throw new AssertionFailedError("unexpected IllegalStateException", new IllegalStateException("call .cpu() first"));
        }));
        assertEquals(Outcome.ERROR, outcome(c -> { throw new AssertionFailedError("unexpected NullPointerException", new NullPointerException()); }));
        assertEquals(Outcome.ERROR, outcome(c -> { throw new NullPointerException(); }));
        assertEquals(Outcome.ERROR, outcome(c -> { throw new ClassCastException("x"); }));
        assertEquals(Outcome.ERROR, outcome(c -> { throw new IllegalStateException((String) null); }));
    }
}
