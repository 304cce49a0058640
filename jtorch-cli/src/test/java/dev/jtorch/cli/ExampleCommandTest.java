package dev.jtorch.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExampleCommandTest {
    @Test
    void listsThePrograms() {
        RestoreCommandTest.Result r = RestoreCommandTest.run("example");
        assertEquals(0, r.status(), r.err());
        for (String name : new String[] {"tensor_basic", "tensor_operation", "autograd_basic", "image_recovery", "gradients"}) {
            assertTrue(r.out().contains(name), name);
        }
    }

    /** The w/x gradient snippet prints what PyTorch printed (the full check is jtorch-examples' BookProgramsTest). */
    @Test
    void runsOne() {
        RestoreCommandTest.Result r = RestoreCommandTest.run("example", "gradients");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("w의 기울기: 72.0"), r.out());
        assertTrue(r.out().contains("x의 기울기: 24.0"), r.out());
    }

    @Test
    void unknownNameIsBadInput() {
        RestoreCommandTest.assertBadInput(RestoreCommandTest.run("example", "no_such_program"), "no example named");
    }

    @Test
    void noSubcommandPrintsUsage() {
        RestoreCommandTest.Result r = RestoreCommandTest.run();
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("restore"), r.out());
        assertTrue(r.out().contains("example"), r.out());
    }
}
