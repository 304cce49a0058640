package dev.jtorch.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Images.readGray gives the gray levels PIL's convert('L') gives (conformance/cli/record.sh). */
class ImagesTest {
    @TempDir Path tmp;

    @Test
    void grayLevelsMatchPil() throws IOException {
        String text;
        try (InputStream in = ImagesTest.class.getResourceAsStream("/gray_levels.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int files = 0;
        for (String line : text.lines().toList()) {
            String[] parts = line.split(" ");
            Path f = tmp.resolve(parts[0]);
            try (InputStream in = ImagesTest.class.getResourceAsStream("/" + parts[0])) {
                Files.copy(in, f);
            }
            Images.Gray g = Images.readGray(f);
            assertEquals(parts.length - 1, g.pixels().length, parts[0]);
            for (int i = 0; i < g.pixels().length; i++) {
                assertEquals(Integer.parseInt(parts[i + 1]), (int) Math.round(g.pixels()[i] * 255), parts[0] + " pixel " + i);
            }
            files++;
        }
        assertEquals(2, files);
    }
}
