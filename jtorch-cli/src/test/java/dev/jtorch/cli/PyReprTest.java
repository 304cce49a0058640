package dev.jtorch.cli;

import dev.jtorch.examples.book.Py;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Py.repr (shared with the examples) against CPython's repr(float) (conformance/cli/record.sh). */
class PyReprTest {
    @Test
    void matchesCPythonRepr() throws IOException {
        String text;
        try (InputStream in = PyReprTest.class.getResourceAsStream("/py_repr.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int n = 0;
        for (String line : text.lines().toList()) {
            String[] parts = line.split(" ", 2);
            double v = Double.longBitsToDouble(HexFormat.fromHexDigitsToLong(parts[0]));
            assertEquals(parts[1], Py.repr(v), parts[0]);
            n++;
        }
        assertTrue(n > 400, "cases read: " + n);
    }
}
