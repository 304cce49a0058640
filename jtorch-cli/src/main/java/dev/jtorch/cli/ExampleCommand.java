package dev.jtorch.cli;

import dev.jtorch.examples.book.Examples;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code jtorch example NAME}: runs one of the book's chapter 3-6 programs ported to Java. */
@Command(name = "example", mixinStandardHelpOptions = true,
        description = {"Runs one of the \"3-min-pytorch\" chapter 3-6 programs ported to Java (jtorch-examples).",
                "Without NAME, lists them."})
public final class ExampleCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The program, e.g. tensor_basic.")
    String name;

    @Parameters(index = "1..*", paramLabel = "ARG", description = "Arguments for the program.")
    List<String> args = List.of();

    @Override public Integer call() throws Exception {
        Map<String, Examples.Entry> all = Examples.all();
        if (name == null) {
            System.out.println("Programs (bin/jtorch example NAME):");
            all.forEach((k, v) -> System.out.printf("  %-18s %s%n", k, v.description()));
            return 0;
        }
        Examples.Entry e = all.get(name);
        if (e == null) throw new CliException("no example named '" + name + "'; one of " + String.join(", ", all.keySet()));
        e.program().run(args.toArray(String[]::new));
        return 0;
    }
}
