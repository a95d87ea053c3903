package io.github.oneclick.vendor.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The options and operands of one command: {@code --name value}, {@code --name=value} and flags. Every mistake is a
 * {@link UsageException} naming the option.
 */
final class Arguments {
    private final String command;
    private final Map<String, List<String>> values;
    private final List<String> operands;

    private Arguments(String command, Map<String, List<String>> values, List<String> operands) {
        this.command = command;
        this.values = values;
        this.operands = operands;
    }

    /**
     * Parses the arguments after the command.
     *
     * @param command the command, for messages
     * @param args the arguments after it
     * @param valued the options that take a value, without the leading {@code --}
     * @param repeatable the valued options that may be given more than once
     * @param flags the options without a value
     */
    static Arguments parse(
            String command, List<String> args, Set<String> valued, Set<String> repeatable, Set<String> flags)
            throws UsageException {
        Map<String, List<String>> values = new LinkedHashMap<>();
        List<String> operands = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.equals("--")) {
                operands.add(arg);
                continue;
            }
            int equals = arg.indexOf('=');
            String name = arg.substring(2, equals < 0 ? arg.length() : equals);
            String value = equals < 0 ? null : arg.substring(equals + 1);
            if (name.equals("token")) {
                throw new UsageException(Cli.TOKEN_OPTION_REFUSED);
            }
            if (flags.contains(name)) {
                if (value != null) {
                    throw new UsageException("--" + name + " takes no value; write --" + name + " alone.");
                }
                values.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
                continue;
            }
            if (!valued.contains(name)) {
                throw new UsageException("Unknown option --" + name + " for '" + command + "'. Its options: "
                        + String.join(", ", valued.stream().map(o -> "--" + o).toList())
                        + (flags.isEmpty()
                                ? ""
                                : ", "
                                        + String.join(
                                                ", ",
                                                flags.stream()
                                                        .map(o -> "--" + o)
                                                        .toList()))
                        + ". Run 'help' for what they do.");
            }
            if (value == null) {
                if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                    throw new UsageException(
                            "--" + name + " needs a value, such as --" + name + " " + Cli.example(name) + ".");
                }
                value = args.get(++i);
            }
            List<String> given = values.computeIfAbsent(name, k -> new ArrayList<>());
            if (!given.isEmpty() && !repeatable.contains(name)) {
                throw new UsageException("--" + name + " is given twice; give it once.");
            }
            given.add(value);
        }
        return new Arguments(command, values, operands);
    }

    String command() {
        return command;
    }

    /** The value of an option given once, or {@code null}. */
    String value(String name) {
        List<String> given = values.get(name);
        return given == null ? null : given.get(0);
    }

    /** Every value of a repeatable option, in order. */
    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    List<String> operands() {
        return operands;
    }
}
