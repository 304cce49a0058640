package dev.jtorch.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** The {@code jtorch} command. */
@Command(name = "jtorch", mixinStandardHelpOptions = true, version = "jtorch 0.1.0",
        description = "PyTorch's programming model in pure Java: demos and tools.",
        subcommands = {RestoreCommand.class, ExampleCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit status for bad input: a missing or malformed file, a bad option. */
    static final int BAD_INPUT = 2;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit status (for tests: no System.exit). */
    public static int run(String... args) {
        System.setProperty("java.awt.headless", "true");
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println(qualifiedName(ex.getCommandLine()) + ": " + ex.getMessage()
                    + " (see " + qualifiedName(ex.getCommandLine()) + " --help)");
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            String name = qualifiedName(commandLine);
            if (ex instanceof CliException) {
                err.println(name + ": error: " + ex.getMessage());
                return BAD_INPUT;
            }
            if (ex instanceof IOException || ex instanceof UncheckedIOException) {
                err.println(name + ": error: " + ex.getMessage());
                return BAD_INPUT;
            }
            if (System.getenv("JTORCH_DEBUG") != null) ex.printStackTrace(err);
            err.println(name + ": internal error: " + ex + " (set JTORCH_DEBUG=1 for the stack trace)");
            return 1;
        });
        return cl;
    }

    private static String qualifiedName(CommandLine cl) {
        return cl.getCommandSpec().qualifiedName();
    }
}
