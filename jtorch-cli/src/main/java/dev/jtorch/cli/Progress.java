package dev.jtorch.cli;

import dev.jtorch.examples.book.Py;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.Console;
import java.io.PrintStream;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * How a running restoration reports: a live bar on a terminal, the book's {@code Loss at i = ...} lines
 * every 1000 steps when the output goes to a file or pipe, or nothing.
 */
abstract class Progress implements AutoCloseable {
    /** Called once per step with that step's loss. */
    abstract void step(long i, double loss);

    @Override public void close() {}

    static Progress silent() {
        return new Progress() {
            @Override void step(long i, double loss) {}
        };
    }

    static Progress forOutput(PrintStream out, long steps) {
        Console c = System.console();
        boolean terminal = c != null && c.isTerminal() && out == System.out;
        return terminal ? new Bar(steps) : new Lines(out);
    }

    /** The book's print every 1000 steps, with Python's float formatting. */
    static final class Lines extends Progress {
        private final PrintStream out;

        Lines(PrintStream out) { this.out = out; }

        @Override void step(long i, double loss) {
            if (i % 1000 == 0) out.println("Loss at " + i + " = " + Py.repr(loss));
        }
    }

    static final class Bar extends Progress {
        private final ProgressBar bar;

        Bar(long steps) {
            bar = new ProgressBarBuilder()
                    .setTaskName("restore")
                    .setInitialMax(steps)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                    .setUnit(" steps", 1)
                    .showSpeed()
                    .setSpeedUnit(ChronoUnit.SECONDS)
                    .setUpdateIntervalMillis(100)
                    .setMaxRenderedLength(110)
                    .setConsumer(new ConsoleProgressBarConsumer(System.out))
                    .build();
        }

        @Override void step(long i, double loss) {
            // the bar redraws on its own thread; formatting every step would cost more than the step
            if (i % 50 == 0) bar.setExtraMessage(String.format(java.util.Locale.ROOT, " loss %.5f", loss));
            bar.stepTo(i + 1);
        }

        @Override public void close() { bar.close(); }
    }
}
