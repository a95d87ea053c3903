package io.github.oneclick.marketplace.mojo;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.maven.plugin.logging.Log;

/** A Maven log that keeps every line, at every level, with stack traces, for assertions. */
final class CapturingLog implements Log {
    private final List<String> lines = new ArrayList<>();
    private final boolean debug;

    CapturingLog(boolean debug) {
        this.debug = debug;
    }

    List<String> lines() {
        return lines;
    }

    String text() {
        return String.join("\n", lines);
    }

    List<String> at(String level) {
        return lines.stream()
                .filter(l -> l.startsWith("[" + level + "] "))
                .map(l -> l.substring(level.length() + 3))
                .collect(Collectors.toList());
    }

    private void add(String level, CharSequence content, Throwable error) {
        StringBuilder line = new StringBuilder("[" + level + "] ").append(content == null ? "" : content);
        if (error != null) {
            StringWriter trace = new StringWriter();
            error.printStackTrace(new PrintWriter(trace));
            line.append('\n').append(trace);
        }
        lines.add(line.toString());
    }

    @Override
    public boolean isDebugEnabled() {
        return debug;
    }

    @Override
    public void debug(CharSequence content) {
        add("DEBUG", content, null);
    }

    @Override
    public void debug(CharSequence content, Throwable error) {
        add("DEBUG", content, error);
    }

    @Override
    public void debug(Throwable error) {
        add("DEBUG", "", error);
    }

    @Override
    public boolean isInfoEnabled() {
        return true;
    }

    @Override
    public void info(CharSequence content) {
        add("INFO", content, null);
    }

    @Override
    public void info(CharSequence content, Throwable error) {
        add("INFO", content, error);
    }

    @Override
    public void info(Throwable error) {
        add("INFO", "", error);
    }

    @Override
    public boolean isWarnEnabled() {
        return true;
    }

    @Override
    public void warn(CharSequence content) {
        add("WARN", content, null);
    }

    @Override
    public void warn(CharSequence content, Throwable error) {
        add("WARN", content, error);
    }

    @Override
    public void warn(Throwable error) {
        add("WARN", "", error);
    }

    @Override
    public boolean isErrorEnabled() {
        return true;
    }

    @Override
    public void error(CharSequence content) {
        add("ERROR", content, null);
    }

    @Override
    public void error(CharSequence content, Throwable error) {
        add("ERROR", content, error);
    }

    @Override
    public void error(Throwable error) {
        add("ERROR", "", error);
    }
}
